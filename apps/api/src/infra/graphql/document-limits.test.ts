import { documentProblem } from './document-limits';

const LIMITS = { maxTokens: 100, maxFields: 10 };

describe('documentProblem', () => {
  it('lets an ordinary query through', () => {
    expect(documentProblem('{ clusters { id name score } }', LIMITS)).toBeUndefined();
  });

  it('refuses a document past the token limit while parsing it', () => {
    const flood = `{ ${'clusters { id } '.repeat(30)}}`; // 5 tokens each
    expect(documentProblem(flood, LIMITS)).toBe(
      'The query has more than 100 tokens (GRAPHQL_MAX_TOKENS); split it or ask for less.',
    );
  });

  it('counts every field selection, aliased, nested or in fragments', () => {
    expect(documentProblem('{ a: clusters { id } b: clusters { id } c: clusters { id } }', LIMITS)).toBeUndefined();
    expect(
      documentProblem('query { ...F ...F } fragment F on Query { a: me { id } b: me { id } c: me { id } }', LIMITS),
    ).toBeUndefined(); // 6 fields as written
    expect(documentProblem(`{ ${'me { id } '.repeat(6)}}`, LIMITS)).toBe(
      'The query selects 12 fields, more than 10 (GRAPHQL_MAX_FIELDS); split it or ask for less.',
    );
  });

  it('leaves what does not parse, or is not a string, to the server', () => {
    expect(documentProblem('{ clusters { id ', LIMITS)).toBeUndefined();
    expect(documentProblem(undefined, LIMITS)).toBeUndefined();
    expect(documentProblem(42, LIMITS)).toBeUndefined();
  });
});
