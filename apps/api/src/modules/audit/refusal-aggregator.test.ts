import { describe, expect, it } from 'vitest';
import { type Refusal, RefusalAggregator } from './refusal-aggregator';

const refusal = (over: Partial<Refusal> = {}): Refusal => ({
  organizationId: 'org-1',
  action: 'auth.refused',
  actor: { type: 'API_KEY', id: 'key-1' },
  reason: 'revoked',
  address: '203.0.113.7',
  at: new Date('2026-11-30T10:00:00Z'),
  ...over,
});

describe('RefusalAggregator', () => {
  it('sums one actor’s refusals of one kind into one entry with its time span', () => {
    const agg = new RefusalAggregator();
    for (let i = 0; i < 500; i++) agg.note(refusal({ at: new Date(Date.parse('2026-11-30T10:00:00Z') + i * 1000) }));
    const { summaries, dropped } = agg.drain();
    expect(dropped).toBe(0);
    expect(summaries).toEqual([
      {
        organizationId: 'org-1',
        action: 'auth.refused',
        actor: { type: 'API_KEY', id: 'key-1' },
        target: undefined,
        details: {
          attempts: 500,
          firstAt: '2026-11-30T10:00:00.000Z',
          lastAt: '2026-11-30T10:08:19.000Z',
          reasons: ['revoked'],
          addresses: ['203.0.113.7'],
        },
      },
    ]);
  });

  it('keeps actors, actions and organisations apart', () => {
    const agg = new RefusalAggregator();
    agg.note(refusal());
    agg.note(refusal({ actor: { type: 'API_KEY', id: 'key-2' } }));
    agg.note(refusal({ action: 'auth.forbidden', reason: 'deleteCluster' }));
    agg.note(refusal({ organizationId: 'org-2' }));
    expect(agg.drain().summaries).toHaveLength(4);
  });

  it('keeps at most ten distinct reasons and addresses, however many are sent', () => {
    const agg = new RefusalAggregator();
    for (let i = 0; i < 100; i++) agg.note(refusal({ reason: `op${i}`, address: `198.51.100.${i}` }));
    const [entry] = agg.drain().summaries;
    expect(entry!.details.attempts).toBe(100);
    expect(entry!.details.reasons).toHaveLength(10);
    expect(entry!.details.addresses).toHaveLength(10);
  });

  it('counts what does not fit past its bound, and starts afresh after a drain', () => {
    const agg = new RefusalAggregator(2);
    for (const id of ['a', 'b', 'c', 'd']) agg.note(refusal({ actor: { type: 'AGENT', id } }));
    agg.note(refusal({ actor: { type: 'AGENT', id: 'a' } }));
    const first = agg.drain();
    expect(first.summaries.map((s) => [s.actor.id, s.details.attempts])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(first.dropped).toBe(2);
    expect(agg.drain()).toEqual({ summaries: [], dropped: 0 });
  });
});
