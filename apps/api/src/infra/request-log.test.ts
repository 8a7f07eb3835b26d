import { logRequest, logResponse } from './request-log';

describe('request log lines', () => {
  it('keep only allowed headers and the path, whatever header a credential comes in', () => {
    const line = logRequest({
      id: 'r1',
      method: 'POST',
      url: '/graphql?token=kwk_secret',
      remoteAddress: '10.0.0.1',
      headers: {
        host: 'api',
        'user-agent': 'curl',
        authorization: 'Bearer kwk_secret',
        token: 'kwa_secret',
        'x-api-key': 'kwk_secret',
        'proxy-authorization': 'Basic c2VjcmV0',
        secret: 'whsec_secret',
        cookie: 'session=secret',
      },
    });
    expect(line).toEqual({
      id: 'r1',
      method: 'POST',
      path: '/graphql',
      remoteAddress: '10.0.0.1',
      headers: { host: 'api', 'user-agent': 'curl' },
    });
    expect(JSON.stringify(line)).not.toMatch(/secret/i);
  });

  it('keep only allowed response headers', () => {
    expect(
      logResponse({ statusCode: 429, headers: { 'retry-after': '5', 'set-cookie': 'session=secret', etag: 'W/"1"' } }),
    ).toEqual({ statusCode: 429, headers: { 'retry-after': '5' } });
  });
});
