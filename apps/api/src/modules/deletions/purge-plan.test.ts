import { describe, expect, it } from 'vitest';
import { CLUSTER_TABLES, purgeStages, stageLabel } from './purge-plan';

describe('purgeStages', () => {
  it("removes a cluster's tables, events before what they point at, and its row last", () => {
    const stages = purgeStages({ kind: 'CLUSTER', clusterId: 'c1' });
    const tables = stages.map((s) => s.table);
    expect(tables.at(-1)).toBe('Cluster');
    expect(tables.indexOf('FindingEvent')).toBeLessThan(tables.indexOf('Finding'));
    expect(tables.indexOf('FindingEvent')).toBeLessThan(tables.indexOf('ObjectChange'));
    expect(tables.indexOf('Evaluation')).toBeLessThan(tables.indexOf('Snapshot'));
    expect(tables.indexOf('WebhookDelivery')).toBeLessThan(tables.indexOf('WebhookEvent'));
    expect(tables.indexOf('WebhookDeliveryAttempt')).toBeLessThan(tables.indexOf('WebhookDelivery'));
    expect(tables.indexOf('SnapshotPayload')).toBeLessThan(tables.indexOf('Cluster'));
    expect(stages.every((s) => s.scope === 'cluster' && s.clusterId === 'c1')).toBe(true);
  });

  it("removes an organisation's clusters one after the other, then its own tables, then its row", () => {
    const stages = purgeStages({ kind: 'ORGANIZATION', clusterIds: ['a', 'b'] });
    const n = CLUSTER_TABLES.length + 1;
    expect(stages.slice(0, n).every((s) => s.scope === 'cluster' && s.clusterId === 'a')).toBe(true);
    expect(stages.slice(n, 2 * n).every((s) => s.scope === 'cluster' && s.clusterId === 'b')).toBe(true);
    expect(stages[2 * n - 1]).toEqual({ scope: 'cluster', clusterId: 'b', table: 'Cluster' });
    const own = stages.slice(2 * n).map((s) => s.table);
    expect(own.at(-1)).toBe('Organization');
    expect(own.indexOf('WebhookDelivery')).toBeLessThan(own.indexOf('WebhookEndpoint'));
    expect(own).toContain('ApiKey');
  });

  it('an organisation without clusters still removes its own tables', () => {
    const stages = purgeStages({ kind: 'ORGANIZATION', clusterIds: [] });
    expect(stages.every((s) => s.scope === 'organization')).toBe(true);
    expect(stages.at(-1)?.table).toBe('Organization');
  });

  it('labels a stage with its table and, for a cluster, which one', () => {
    expect(stageLabel({ scope: 'cluster', clusterId: 'c1', table: 'Snapshot' })).toBe('Snapshot (cluster c1)');
    expect(stageLabel({ scope: 'organization', table: 'ApiKey' })).toBe('ApiKey');
  });
});
