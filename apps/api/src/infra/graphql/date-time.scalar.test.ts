import { parseDateTime } from './date-time.scalar';

describe('parseDateTime', () => {
  it.each([
    '2026-03-01T00:00:00Z',
    '2026-03-01T00:00Z',
    '2026-03-01T01:00:00.123+01:00',
    '1970-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
  ])('takes %s', (value) => expect(parseDateTime(value)?.toISOString()).toBe(new Date(value).toISOString()));

  it.each([
    '-000001-01-01T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '1969-12-31T23:59:59Z',
    '2026-03-01',
    '2026-03-01T00:00:00',
    '2026-02-30T00:00:00Z',
    'yesterday',
    '',
    42,
    null,
  ])('refuses %s', (value) => expect(parseDateTime(value)).toBeUndefined());
});
