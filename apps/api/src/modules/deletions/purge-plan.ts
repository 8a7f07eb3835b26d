/**
 * What a purge removes, and in which order: every table below a cluster or an organisation,
 * children before the rows they reference. History tables have no foreign keys (they are
 * partitioned), so this list is what removes them; each batch deletes only its own rows and no
 * delete cascades into unbounded work (a cascade from a Snapshot to its Evaluation to thousands of
 * events is what made deleting a cluster one statement of minutes).
 */

/** Tables holding a cluster's data, removed by cluster in this order, then the Cluster row. */
export const CLUSTER_TABLES = [
  'FindingEvent',
  'ObjectChange',
  'Finding',
  'Evaluation',
  'SnapshotPayload',
  'Snapshot',
  'ObjectState',
  'AccountUse',
  'AgentToken',
  // Alerts about the cluster: attempts, then deliveries, then the events.
  'WebhookDeliveryAttempt',
  'WebhookDelivery',
  'WebhookEvent',
  'RiskException',
] as const;

/** Tables holding an organisation's own data, removed after all of its clusters, then the Organization row. */
export const ORGANIZATION_TABLES = [
  // Alerts through its endpoints (those of an endpoint deleted earlier go with their month's partition).
  'WebhookDeliveryAttempt',
  'WebhookDelivery',
  'WebhookEvent',
  'AlertTicket',
  'WebhookEndpoint',
  'RiskException',
  'ApiKey',
  // Its people: memberships (users are everyone's and stay), sessions acting in it, teams last.
  'TeamMember',
  'Membership',
  'Invitation',
  'Session',
  'IdentityProvider',
  'Team',
  'AuditLog',
  // The records of its clusters' deletions (they name the clusters); its own stays, as the record.
  'Deletion',
] as const;

export type ClusterTable = (typeof CLUSTER_TABLES)[number];
export type OrganizationTable = (typeof ORGANIZATION_TABLES)[number];

export type PurgeStage =
  | { scope: 'cluster'; clusterId: string; table: ClusterTable | 'Cluster' }
  | { scope: 'organization'; table: OrganizationTable | 'Organization' };

/**
 * The stages of a deletion: a cluster's tables then its row; for an organisation, that for each of
 * its clusters, then its own tables and row. Each stage is repeated in batches until it deletes
 * nothing, so a resumed purge simply starts again from the first (a finished stage costs one
 * indexed lookup).
 */
export function purgeStages(
  deletion: { kind: 'CLUSTER'; clusterId: string } | { kind: 'ORGANIZATION'; clusterIds: readonly string[] },
): PurgeStage[] {
  const ofCluster = (clusterId: string): PurgeStage[] => [
    ...CLUSTER_TABLES.map((table) => ({ scope: 'cluster' as const, clusterId, table })),
    { scope: 'cluster', clusterId, table: 'Cluster' },
  ];
  if (deletion.kind === 'CLUSTER') return ofCluster(deletion.clusterId);
  return [
    ...deletion.clusterIds.flatMap(ofCluster),
    ...ORGANIZATION_TABLES.map((table) => ({ scope: 'organization' as const, table })),
    { scope: 'organization', table: 'Organization' },
  ];
}

/** How a stage shows in the deletion's progress. */
export const stageLabel = (stage: PurgeStage): string =>
  stage.scope === 'cluster' ? `${stage.table} (cluster ${stage.clusterId})` : stage.table;
