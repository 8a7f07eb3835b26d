import { cacheControlFor } from './console-paths';

describe('cacheControlFor', () => {
  it('caches hashed assets for good and the index not at all', () => {
    expect(cacheControlFor('/srv/web/dist/assets/index-abc.js')).toContain('immutable');
    expect(cacheControlFor('/srv/web/dist/index.html')).toBe('no-cache');
  });
});
