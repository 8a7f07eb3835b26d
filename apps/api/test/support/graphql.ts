import { GraphQLClient } from 'graphql-request';

/** A GraphQL client (graphql-request) for the API at `url`, sending `key` as its Bearer token. */
export const clientFor = (url: string, key: string): GraphQLClient =>
  new GraphQLClient(`${url}/graphql`, { headers: { authorization: `Bearer ${key}` } });

/** How a request failed, as `CODE: message` of its first error; 'no error' when it did not. */
export async function failureOf(request: Promise<unknown>): Promise<string> {
  try {
    await request;
    return 'no error';
  } catch (err) {
    const e = (err as { response: { errors: { message: string; extensions: { code: string } }[] } }).response
      .errors[0]!;
    return `${e.extensions.code}: ${e.message}`;
  }
}
