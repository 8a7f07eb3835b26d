import { z } from 'zod';

/**
 * The snapshot contract: what the agent sends and the rules read. Bump SCHEMA_VERSION on any
 * change that an older reader would misread; the API accepts the versions it lists.
 *
 * Limits on strings and arrays are generous for real clusters and stop hostile payloads early.
 */
export const SCHEMA_VERSION = 1;

const name = z.string().min(1).max(253);
const shortText = z.string().max(1024);
const labels = z.record(z.string().max(317), z.string().max(63 * 4)).default({});

export const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
] as const;
export const workloadKind = z.enum(WORKLOAD_KINDS);
export type WorkloadKind = z.infer<typeof workloadKind>;

export const capabilities = z.object({
  add: z.array(z.string().max(64)).max(64).default([]),
  drop: z.array(z.string().max(64)).max(64).default([]),
});

const seccompProfile = z.object({
  type: z.string().max(64),
  localhostProfile: shortText.optional(),
});

export const containerSecurityContext = z.object({
  privileged: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().int().optional(),
  runAsGroup: z.number().int().optional(),
  procMount: z.string().max(64).optional(),
  capabilities: capabilities.optional(),
  seccompProfile: seccompProfile.optional(),
});

/** An env var as the rules see it: never the literal value, only where it comes from. */
export const envVar = z.object({
  name: z.string().max(1024),
  source: z.enum(['literal', 'secretKeyRef', 'configMapKeyRef', 'fieldRef', 'resourceFieldRef']),
  /** For literals: computed in-cluster from the name and value; the value itself never leaves. */
  looksSecret: z.boolean().optional(),
  ref: z.object({ name: z.string().max(253).optional(), key: z.string().max(253).optional() }).optional(),
});

export const container = z.object({
  name,
  /** Which list of the pod spec the container is in, and its index there (for JSON paths). */
  type: z.enum(['containers', 'initContainers', 'ephemeralContainers']),
  index: z.number().int().min(0),
  image: z.string().max(1024).default(''),
  securityContext: containerSecurityContext.default({}),
  resources: z
    .object({
      limits: z.record(z.string().max(253), z.string().max(64)).default({}),
      requests: z.record(z.string().max(253), z.string().max(64)).default({}),
    })
    .default({ limits: {}, requests: {} }),
  ports: z
    .array(
      z.object({
        containerPort: z.number().int(),
        hostPort: z.number().int().optional(),
        protocol: z.string().max(16).optional(),
      }),
    )
    .max(256)
    .default([]),
  volumeMounts: z
    .array(z.object({ name: z.string().max(253), mountPath: z.string().max(4096), readOnly: z.boolean().optional() }))
    .max(256)
    .default([]),
  env: z.array(envVar).max(1024).default([]),
  envFrom: z
    .array(z.object({ kind: z.enum(['secret', 'configMap']), name: z.string().max(253).optional() }))
    .max(256)
    .default([]),
});

export const volume = z.object({
  name: z.string().max(253),
  hostPath: z.object({ path: z.string().max(4096), type: z.string().max(64).optional() }).optional(),
  secret: z.object({ secretName: z.string().max(253).optional() }).optional(),
  configMap: z.object({ name: z.string().max(253).optional() }).optional(),
  projectedServiceAccountToken: z.boolean().optional(),
});

export const podSecurityContext = z.object({
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().int().optional(),
  runAsGroup: z.number().int().optional(),
  fsGroup: z.number().int().optional(),
  seccompProfile: seccompProfile.optional(),
  sysctls: z
    .array(z.object({ name: z.string().max(253) }))
    .max(128)
    .default([]),
});

export const podSpec = z.object({
  serviceAccountName: z.string().max(253).default('default'),
  automountServiceAccountToken: z.boolean().optional(),
  hostNetwork: z.boolean().default(false),
  hostPID: z.boolean().default(false),
  hostIPC: z.boolean().default(false),
  securityContext: podSecurityContext.default({ sysctls: [] }),
  volumes: z.array(volume).max(1024).default([]),
  containers: z.array(container).max(256),
  nodeName: z.string().max(253).optional(),
});

export const ownerRef = z.object({ kind: z.string().max(253), name, uid: z.string().max(64).optional() });

export const workload = z.object({
  kind: workloadKind,
  namespace: name,
  name,
  uid: z.string().max(64).optional(),
  labels,
  /** The controller that owns this object, when it has one. */
  owner: ownerRef.optional(),
  podSpec,
});

export const collectionStatus = z.discriminatedUnion('collected', [
  z.object({ collected: z.literal(true), count: z.number().int().min(0) }),
  z.object({
    collected: z.literal(false),
    reason: z.enum(['forbidden', 'not-found', 'error']),
    message: shortText.optional(),
  }),
]);

export const snapshot = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** Chosen by the agent; the API's idempotency key. */
  snapshotId: z
    .string()
    .min(8)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  collectedAt: z.iso.datetime({ offset: true }),
  agent: z.object({ version: z.string().max(64) }),
  cluster: z
    .object({
      serverVersion: z
        .object({ gitVersion: z.string().max(64), major: z.string().max(16), minor: z.string().max(16) })
        .optional(),
    })
    .default({}),
  /** Per kind, whether it was collected: a kind not collected is "not evaluable", never empty. */
  collection: z.record(z.string().max(128), collectionStatus),
  workloads: z.array(workload).max(200_000),
});

export type Snapshot = z.infer<typeof snapshot>;
export type SnapshotInput = z.input<typeof snapshot>;
export type Workload = z.infer<typeof workload>;
export type PodSpec = z.infer<typeof podSpec>;
export type Container = z.infer<typeof container>;
export type ContainerSecurityContext = z.infer<typeof containerSecurityContext>;
export type Volume = z.infer<typeof volume>;
export type EnvVar = z.infer<typeof envVar>;
export type CollectionStatus = z.infer<typeof collectionStatus>;
