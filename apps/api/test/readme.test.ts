import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const graphql = createRequire(__filename)('graphql') as typeof import('graphql');
const ROOT = path.resolve(__dirname, '../../..');

/** The README's GraphQL examples are what newcomers paste first: they must stay valid. */
describe('the README', () => {
  it('shows GraphQL examples that the committed schema accepts', () => {
    const schema = graphql.buildSchema(readFileSync(path.join(ROOT, 'apps/api/schema.graphql'), 'utf8'));
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    const operations = blocks.flatMap((b) => b.split(/\n\s*\n/)).filter((op) => op.replace(/#.*$/gm, '').trim());
    expect(operations.length).toBeGreaterThanOrEqual(3);
    for (const op of operations) {
      const withoutPlaceholders = op.replace(/<[^>]+>/g, 'x');
      expect(
        graphql.validate(schema, graphql.parse(withoutPlaceholders)).map((e) => e.message),
        op,
      ).toEqual([]);
    }
  });
});
