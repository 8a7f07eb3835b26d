import { describe, expect, it } from 'vitest';
import { changesOf, redactUrl } from './audit-changes';

describe('redactUrl', () => {
  it('keeps the origin and hides the path and query, which may be the credential', () => {
    const slack = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';
    const out = redactUrl(slack);
    expect(out).toMatch(/^https:\/\/hooks\.slack\.com\/… \(sha256 [0-9a-f]{12}\)$/);
    expect(out).not.toContain('XXXX');
    expect(redactUrl('https://example.com/hook?token=abc')).not.toContain('abc');
    expect(redactUrl('https://example.com:8443/')).toMatch(/^https:\/\/example\.com:8443\/ \(sha256/);
  });

  it('tells two URLs of one host apart by their digest', () => {
    expect(redactUrl('https://example.com/a')).not.toBe(redactUrl('https://example.com/b'));
  });

  it('never echoes what is not a URL', () => {
    expect(redactUrl('not a url secret')).toMatch(/^\(not a URL, sha256 [0-9a-f]{12}\)$/);
  });
});

describe('changesOf', () => {
  const before = { url: 'https://a.example/x', enabled: true, eventTypes: ['evaluation'], minSeverity: 'LOW' };

  it('records each changed field before → after, the URL redacted', () => {
    const changes = changesOf(before, { url: 'https://b.example/secret-path', enabled: false });
    expect(changes.enabled).toEqual({ before: true, after: false });
    expect(changes.url!.before).toMatch(/^https:\/\/a\.example\/…/);
    expect(changes.url!.after).toMatch(/^https:\/\/b\.example\/…/);
    expect(JSON.stringify(changes)).not.toContain('secret-path');
  });

  it('leaves out what was given unchanged (arrays by content)', () => {
    expect(changesOf(before, { eventTypes: ['evaluation'], minSeverity: 'LOW' })).toEqual({});
    expect(changesOf(before, { eventTypes: ['evaluation', 'cluster.stale'] })).toEqual({
      eventTypes: { before: ['evaluation'], after: ['evaluation', 'cluster.stale'] },
    });
  });
});
