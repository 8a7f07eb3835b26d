/**
 * The contract's constants, apart from its zod schemas (schema.ts): readers that only build
 * snapshots (the CLI, the agent) need these, not the cost of constructing every schema at load.
 *
 * Bump SCHEMA_VERSION on any change that an older reader would misread; the API accepts the
 * versions it lists.
 */
export const SCHEMA_VERSION = 1;

export const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
] as const;
