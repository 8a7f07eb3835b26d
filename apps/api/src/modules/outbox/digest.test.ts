import { describe, expect, it } from 'vitest';
import { type EndpointFilter, evaluationEvent, type LifecycleChange, messageForEndpoint } from './alert-payloads';
import { Digest, DIGEST_FINDINGS, digestMessage, periodEnd } from './digest';

/** A period's events through one endpoint's routing and filter, into its digest (as DigestService does). */
function digestFor(
  endpoint: Parameters<typeof digestMessage>[0],
  events: Parameters<typeof digestMessage>[1][],
  teamOf: ReadonlyMap<string, string | null>,
  period: { schedule: 'HOURLY' | 'DAILY'; from: string; to: string },
) {
  const digest = new Digest();
  for (const event of events) {
    const message = digestMessage(endpoint, event, teamOf);
    if (message) digest.add(message);
  }
  return digest.result(endpoint.organizationId, period);
}

const change = (
  event: LifecycleChange['event'],
  i: number,
  namespace = 'shop',
  severity: 'CRITICAL' | 'LOW' = 'CRITICAL',
): LifecycleChange => ({
  event,
  findingId: `f${i}`,
  finding: {
    ruleId: 'privileged-container',
    severity,
    resource: { kind: 'Deployment', namespace, name: `app-${i}` },
    message: `app-${i} runs privileged`,
    paths: [],
    platform: false,
    fingerprint: `fp${i}`,
  },
});

const evaluation = (
  clusterId: string,
  at: string,
  score: number,
  previousScore: number,
  changes: LifecycleChange[],
) => ({
  type: 'evaluation',
  organizationId: 'org',
  clusterId,
  createdAt: new Date(at),
  payload: evaluationEvent({
    organization: { id: 'org' },
    cluster: { id: clusterId, name: `name-${clusterId}` },
    evaluation: { id: `e-${at}`, score, previousScore, collectedAt: at },
    changes,
  }),
});

const endpoint = (over: Partial<EndpointFilter & { teamId: string | null; teamIds: string[] }> = {}) => ({
  organizationId: 'org',
  teamId: null,
  teamIds: [],
  eventTypes: ['finding.opened', 'finding.reopened', 'finding.resolved', 'cluster.stale'],
  minSeverity: 'LOW' as const,
  includePlatform: false,
  clusterIds: [],
  postureDropPoints: 5,
  namespaces: [],
  ...over,
});
const period = { schedule: 'DAILY' as const, from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' };
const teams = new Map([
  ['c1', 't1'],
  ['c2', 't2'],
]);

describe('digests', () => {
  it('ends periods on whole UTC hours and days, a grace minute after', () => {
    expect(periodEnd('HOURLY', new Date('2026-12-01T10:00:30Z')).toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(periodEnd('HOURLY', new Date('2026-12-01T10:01:30Z')).toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(periodEnd('DAILY', new Date('2026-12-01T23:59:00Z')).toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('sums each cluster over the period, keeps its first and last score, and lists the worst first', () => {
    const events = [
      evaluation('c1', '2026-12-01T01:00:00.000Z', 80, 90, [change('finding.opened', 1, 'shop', 'LOW')]),
      evaluation('c1', '2026-12-01T02:00:00.000Z', 70, 80, [
        change('finding.opened', 2),
        change('finding.resolved', 3),
      ]),
      evaluation('c2', '2026-12-01T03:00:00.000Z', 99, 98, [change('finding.resolved', 4)]),
      {
        type: 'cluster.stale',
        organizationId: 'org',
        clusterId: 'c2',
        createdAt: new Date('2026-12-01T04:00:00Z'),
        payload: {
          organization: { id: 'org' },
          cluster: { id: 'c2', name: 'two' },
          lastSeenAt: null,
          staleAfterMinutes: 15,
        },
      },
    ];
    const d = digestFor(endpoint(), events, teams, period)!;
    expect(d.counts).toEqual({ 'finding.opened': 2, 'finding.reopened': 0, 'finding.resolved': 2 });
    expect(d.clusters).toEqual([
      { id: 'c1', name: 'name-c1', opened: 2, reopened: 0, resolved: 1, previousScore: 90, score: 70 },
      { id: 'c2', name: 'name-c2', opened: 0, reopened: 0, resolved: 1, previousScore: 98, score: 99 },
    ]);
    expect(d.findings.map((f) => [f.id, f.cluster.id])).toEqual([
      ['f2', 'c1'],
      ['f1', 'c1'],
      ['f3', 'c1'],
      ['f4', 'c2'],
    ]);
    expect(d.notices).toEqual([
      { type: 'cluster.stale', at: '2026-12-01T04:00:00.000Z', text: 'two stopped reporting' },
    ]);
    expect(d.truncated).toBe(false);
  });

  it('routes as immediate alerts would: teams, namespaces, severity; a quiet period is no digest', () => {
    const events = [
      evaluation('c1', '2026-12-01T01:00:00.000Z', 80, 90, [
        change('finding.opened', 1, 'shop'),
        change('finding.opened', 2, 'tools'),
      ]),
      evaluation('c2', '2026-12-01T02:00:00.000Z', 80, 90, [change('finding.opened', 3, 'shop')]),
    ];
    const routed = digestFor(endpoint({ teamIds: ['t1'], namespaces: ['shop'] }), events, teams, period)!;
    expect(routed.findings.map((f) => f.id)).toEqual(['f1']);
    expect(routed.counts['finding.opened']).toBe(1);
    expect(
      digestFor(endpoint({ teamId: 't2', minSeverity: 'CRITICAL', namespaces: ['tools'] }), events, teams, period),
    ).toBeNull();
    expect(digestFor(endpoint(), [], teams, period)).toBeNull();
  });

  it('lists a bounded number of findings and says so', () => {
    const many = Array.from({ length: DIGEST_FINDINGS + 5 }, (_, i) => change('finding.opened', i));
    const d = digestFor(endpoint(), [evaluation('c1', '2026-12-01T01:00:00.000Z', 10, 90, many)], teams, period)!;
    expect(d.findings).toHaveLength(DIGEST_FINDINGS);
    expect(d.counts['finding.opened']).toBe(DIGEST_FINDINGS + 5);
    expect(d.truncated).toBe(true);
  });

  it('keeps the worst findings of a busy period, wherever in it they came', () => {
    const events = Array.from({ length: 10 }, (_, e) =>
      evaluation(
        'c1',
        `2026-12-01T0${e}:00:00.000Z`,
        50,
        50,
        Array.from({ length: 30 }, (_, i) => change('finding.opened', e * 100 + i, 'shop', 'LOW')),
      ),
    );
    events.push(evaluation('c1', '2026-12-01T10:00:00.000Z', 40, 50, [change('finding.opened', 9999)]));
    const d = digestFor(endpoint(), events, teams, period)!;
    expect(d.findings).toHaveLength(DIGEST_FINDINGS);
    expect(d.findings[0]!.id).toBe('f9999');
    expect(d.counts['finding.opened']).toBe(301);
    expect(d.truncated).toBe(true);
  });

  it('a namespace filter counts only its namespaces and hears of the score only beside them', () => {
    const e = evaluation('c1', '2026-12-01T01:00:00.000Z', 50, 90, [change('finding.opened', 1, 'tools')]);
    const filter = { ...endpoint({ namespaces: ['shop'] }), eventTypes: ['finding.opened', 'posture.degraded'] };
    expect(messageForEndpoint(e, filter, e.createdAt)).toBeNull();
    expect(messageForEndpoint(e, { ...filter, namespaces: [] }, e.createdAt)!.data.counts).toEqual({
      'finding.opened': 1,
      'finding.reopened': 0,
      'finding.resolved': 0,
    });
  });
});
