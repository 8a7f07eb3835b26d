/**
 * Paths that belong to the API, never to the console: a GET there must reach the API's own
 * handler (or its 404), not the console's index page.
 */
export const API_PATHS = ['/graphql', '/auth', '/v1', '/healthz', '/readyz', '/metrics', '/exports'];

/** Hashed assets never change under their name; the index must be fetched anew to find new ones. */
export const cacheControlFor = (filePath: string): string =>
  /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache';
