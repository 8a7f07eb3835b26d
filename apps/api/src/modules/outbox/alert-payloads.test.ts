import { describe, expect, it } from 'vitest';
import {
  controlRegressions,
  deliveryBody,
  type EndpointFilter,
  evaluationEvent,
  filterOf,
  type LifecycleChange,
  messageForEndpoint,
} from './alert-payloads';

const change = (
  event: LifecycleChange['event'],
  severity: LifecycleChange['finding']['severity'],
  name: string,
  platform = false,
): LifecycleChange => ({
  event,
  findingId: `f-${name}`,
  finding: {
    ruleId: 'privileged-container',
    severity,
    resource: { kind: 'Deployment', namespace: 'shop', name },
    message: `${name} is privileged`,
    paths: ['spec.template.spec.containers[0].securityContext.privileged'],
    platform,
    fingerprint: `fp-${name}`,
  },
});

const scope = { organization: { id: 'org' }, cluster: { id: 'c1', name: 'prod' } };
const payload = evaluationEvent({
  ...scope,
  evaluation: { id: 'e1', score: 70, previousScore: 80, collectedAt: '2026-12-01T00:00:00.000Z' },
  changes: [
    change('finding.opened', 'CRITICAL', 'api'),
    change('finding.opened', 'LOW', 'web'),
    change('finding.resolved', 'HIGH', 'old'),
    change('finding.opened', 'HIGH', 'kube-proxy', true),
  ],
})!;
const event = { type: 'evaluation', clusterId: 'c1', payload };
const filter: EndpointFilter = {
  eventTypes: ['finding.opened', 'posture.degraded'],
  minSeverity: 'MEDIUM',
  includePlatform: false,
  clusterIds: [],
  postureDropPoints: 5,
};
const at = new Date('2026-12-01T00:00:05.000Z');

describe('alert messages', () => {
  it('keeps what the endpoint asked for and counts only that', () => {
    const message = messageForEndpoint(event, filter, at)!;
    expect(message.type).toBe('evaluation.changed');
    expect(message.timestamp).toBe(at.toISOString());
    expect(message.data.events).toEqual(['finding.opened', 'posture.degraded']);
    expect(message.data.counts).toEqual({ 'finding.opened': 1, 'finding.reopened': 0, 'finding.resolved': 0 });
    expect((message.data.findings as { resource: { name: string } }[]).map((f) => f.resource.name)).toEqual(['api']);
  });

  it('sends nothing to an endpoint of other clusters, or one nothing matches', () => {
    expect(messageForEndpoint(event, { ...filter, clusterIds: ['c2'] }, at)).toBeNull();
    expect(
      messageForEndpoint(event, { ...filter, eventTypes: ['finding.reopened'], postureDropPoints: 50 }, at),
    ).toBeNull();
  });

  it('renders a delivery from its event with the filter and time it was written with, whatever the endpoint became', () => {
    const endpoint = { ...filter, id: 'ep', url: 'https://hooks.example.com', secretCiphertext: 'x' };
    const delivery = { payload: null, filter: filterOf(endpoint), createdAt: at };
    expect(delivery.filter).toEqual({ ...filter, namespaces: [] });
    expect(deliveryBody(delivery, event)).toEqual(messageForEndpoint(event, filter, at));
    // The same body on every attempt: rendering again gives the same message.
    expect(JSON.stringify(deliveryBody(delivery, event))).toBe(JSON.stringify(deliveryBody(delivery, event)));
  });

  it('sends the body a delivery of an older release kept, and none once its event is gone', () => {
    const kept = { type: 'evaluation.changed', timestamp: at.toISOString(), data: { version: 1 } };
    expect(deliveryBody({ payload: kept, filter: null, createdAt: at }, null)).toBe(kept);
    expect(deliveryBody({ payload: null, filter, createdAt: at }, null)).toBeNull();
  });

  it('names the controls an evaluation took from passing to failing, for the endpoints that asked', () => {
    const current = [
      { ruleId: 'privileged-container', platform: false },
      { ruleId: 'host-network', platform: true },
      { ruleId: 'run-as-root', platform: false },
    ];
    const onRule = (c: LifecycleChange, ruleId: string) => ({ ...c, finding: { ...c.finding, ruleId } });
    const changes = [
      change('finding.opened', 'CRITICAL', 'api'),
      onRule(change('finding.opened', 'HIGH', 'kube-proxy', true), 'host-network'),
    ];
    const regressed = controlRegressions(current, changes);
    // privileged-container opened: its controls regress; run-as-root was already failing, and the
    // platform component's host-network opening is left out.
    expect(regressed.filter((r) => r.framework === 'pss-baseline').map((r) => r.control)).toEqual([
      'baseline/privileged-containers',
    ]);
    // The NSA control also judged by run-as-root, failing before: no regression.
    expect(regressed.map((r) => `${r.framework} ${r.control}`)).not.toContain('nsa-cisa-1.2 pod.non-root');
    // A flapping reopening is not a regression.
    expect(
      controlRegressions(current.slice(0, 1), [{ ...change('finding.reopened', 'CRITICAL', 'api'), flapping: true }]),
    ).toEqual([]);

    const withControls = evaluationEvent({
      ...scope,
      evaluation: { id: 'e2', score: 79, previousScore: 80, collectedAt: '2026-12-01T00:00:00.000Z' },
      changes: [change('finding.opened', 'LOW', 'web')],
      controls: regressed,
    })!;
    const asked = messageForEndpoint(
      { type: 'evaluation', clusterId: 'c1', payload: withControls },
      { ...filter, eventTypes: ['control.regressed'], minSeverity: 'CRITICAL' },
      at,
    )!;
    expect(asked.data.events).toEqual(['control.regressed']);
    expect(asked.data.controls).toEqual(regressed);
    expect(asked.data.findings).toEqual([]);
    // An endpoint that did not ask hears nothing of them (and here, nothing at all).
    expect(
      messageForEndpoint(
        { type: 'evaluation', clusterId: 'c1', payload: withControls },
        { ...filter, minSeverity: 'CRITICAL' },
        at,
      ),
    ).toBeNull();
  });
});
