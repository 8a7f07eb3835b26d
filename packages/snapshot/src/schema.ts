import { z } from 'zod';
import { SCHEMA_VERSION, WORKLOAD_KINDS } from './kinds';

/**
 * The snapshot contract: what the agent sends and the rules read (its constants in kinds.ts).
 *
 * Limits on strings and arrays are generous for real clusters and stop hostile payloads early.
 */
export { SCHEMA_VERSION, WORKLOAD_KINDS };

const name = z.string().min(1).max(253);
const shortText = z.string().max(1024);
const labels = z.record(z.string().max(317), z.string().max(63 * 4)).default({});

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

const appArmorProfile = z.object({ type: z.string().max(64), localhostProfile: shortText.optional() });

/** Only what a rule reads: HostProcess containers run on the Windows host, as its administrator. */
const windowsOptions = z.object({ hostProcess: z.boolean().optional() });

const seLinuxOptions = z.object({
  type: z.string().max(253).optional(),
  user: z.string().max(253).optional(),
  role: z.string().max(253).optional(),
  level: z.string().max(253).optional(),
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
  appArmorProfile: appArmorProfile.optional(),
  seLinuxOptions: seLinuxOptions.optional(),
  windowsOptions: windowsOptions.optional(),
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
  /** The volume source's field name: hostPath, emptyDir, configMap, secret, persistentVolumeClaim… */
  type: z.string().max(64),
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
  appArmorProfile: appArmorProfile.optional(),
  seLinuxOptions: seLinuxOptions.optional(),
  windowsOptions: windowsOptions.optional(),
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
  /** Labels of the pods it runs (the pod template's): what Services and NetworkPolicies select. */
  podLabels: labels,
  /** Only the annotations rules read (AppArmor, legacy seccomp); never all of them. */
  annotations: z.record(z.string().max(317), z.string().max(1024)).default({}),
  /** The controller that owns this object, when it has one. */
  owner: ownerRef.optional(),
  podSpec,
});

const labelSelector = z.object({
  matchLabels: z.record(z.string().max(317), z.string().max(253)).default({}),
  matchExpressions: z
    .array(
      z.object({
        key: z.string().max(317),
        operator: z.string().max(32),
        values: z.array(z.string().max(253)).max(256).default([]),
      }),
    )
    .max(64)
    .default([]),
});

export const namespace = z.object({ name, labels });

export const serviceAccount = z.object({
  namespace: name,
  name,
  automountServiceAccountToken: z.boolean().optional(),
});

export const policyRule = z.object({
  apiGroups: z.array(z.string().max(253)).max(256).default([]),
  resources: z.array(z.string().max(253)).max(1024).default([]),
  verbs: z.array(z.string().max(64)).max(64).default([]),
  resourceNames: z.array(z.string().max(253)).max(1024).default([]),
  nonResourceURLs: z.array(z.string().max(1024)).max(256).default([]),
});

export const role = z.object({
  kind: z.enum(['Role', 'ClusterRole']),
  /** Absent for ClusterRoles. */
  namespace: name.optional(),
  name,
  labels,
  rules: z.array(policyRule).max(4096).default([]),
  /** For aggregated ClusterRoles: the label selectors of the roles they gather. */
  aggregationSelectors: z.array(labelSelector).max(64).optional(),
});

export const subject = z.object({
  kind: z.string().max(64),
  name: z.string().max(253),
  namespace: z.string().max(253).optional(),
});

export const binding = z.object({
  kind: z.enum(['RoleBinding', 'ClusterRoleBinding']),
  namespace: name.optional(),
  name,
  roleRef: z.object({ kind: z.string().max(64), name }),
  subjects: z.array(subject).max(4096).default([]),
});

export const node = z.object({
  name,
  labels,
  addresses: z
    .array(z.object({ type: z.string().max(64), address: z.string().max(253) }))
    .max(64)
    .default([]),
  kubeletVersion: z.string().max(64).optional(),
  osImage: z.string().max(253).optional(),
  kernelVersion: z.string().max(253).optional(),
  containerRuntimeVersion: z.string().max(253).optional(),
});

export const service = z.object({
  namespace: name,
  name,
  type: z.string().max(64).default('ClusterIP'),
  selector: z.record(z.string().max(317), z.string().max(253)).default({}),
  ports: z
    .array(
      z.object({
        name: z.string().max(253).optional(),
        port: z.number().int(),
        nodePort: z.number().int().optional(),
        protocol: z.string().max(16).optional(),
        targetPort: z.union([z.number().int(), z.string().max(253)]).optional(),
      }),
    )
    .max(1024)
    .default([]),
  loadBalancerSourceRanges: z.array(z.string().max(64)).max(1024).default([]),
  externalIPs: z.array(z.string().max(64)).max(1024).default([]),
  /** Annotations that make a LoadBalancer internal (cloud-specific). */
  internal: z.boolean().default(false),
});

export const ingress = z.object({
  namespace: name,
  name,
  backends: z
    .array(
      z.object({
        host: z.string().max(253).optional(),
        path: z.string().max(4096).optional(),
        service: z.string().max(253),
      }),
    )
    .max(4096)
    .default([]),
  tls: z.boolean().default(false),
});

const policyPeer = z.object({
  podSelector: labelSelector.optional(),
  namespaceSelector: labelSelector.optional(),
  ipBlock: z.object({ cidr: z.string().max(64), except: z.array(z.string().max(64)).max(256).default([]) }).optional(),
});
const policyPort = z.object({
  protocol: z.string().max(16).optional(),
  port: z.union([z.number().int(), z.string().max(253)]).optional(),
  endPort: z.number().int().optional(),
});
/** One ingress or egress rule: no peers means every source (or destination), no ports every port. */
const policyTraffic = z.object({
  peers: z.array(policyPeer).max(1024).default([]),
  ports: z.array(policyPort).max(1024).default([]),
});

export const networkPolicy = z.object({
  namespace: name,
  name,
  podSelector: labelSelector.default({ matchLabels: {}, matchExpressions: [] }),
  policyTypes: z.array(z.string().max(16)).max(4).default([]),
  /** Absent from snapshots of agents before 0.2 (the rules cannot be judged then). */
  ingress: z.array(policyTraffic).max(1024).optional(),
  egress: z.array(policyTraffic).max(1024).optional(),
});

/** Whether a namespace sets defaults and limits for its containers. */
export const limitRange = z.object({
  namespace: name,
  name,
  /** The limit types it covers: Container, Pod, PersistentVolumeClaim. */
  types: z.array(z.string().max(64)).max(16).default([]),
  /** Whether it gives containers a default limit (so none runs unbounded). */
  defaultLimits: z.boolean().default(false),
});

export const resourceQuota = z.object({
  namespace: name,
  name,
  /** The resources it caps (requests.cpu, limits.memory, pods…), never the amounts. */
  hard: z.array(z.string().max(253)).max(256).default([]),
});

/** A ConfigMap as rules see it: key names and whether each value looks secret, never the values. */
export const configMap = z.object({
  namespace: name,
  name,
  keys: z
    .array(z.object({ name: z.string().max(253), looksSecret: z.boolean() }))
    .max(4096)
    .default([]),
});

export const admissionWebhook = z.object({
  kind: z.enum(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']),
  name,
  webhooks: z
    .array(
      z.object({
        name: z.string().max(253),
        failurePolicy: z.string().max(32).optional(),
        /** Resources the webhook intercepts, e.g. "pods", "*". */
        resources: z.array(z.string().max(253)).max(256).default([]),
        scope: z.string().max(32).optional(),
        service: z.object({ namespace: z.string().max(253), name: z.string().max(253) }).optional(),
      }),
    )
    .max(256)
    .default([]),
});

/** Policy engines recognised by their resources: Kyverno, Gatekeeper, sigstore policy-controller, Connaisseur, Ratify. */
export const policyEngineResource = z.object({
  engine: z.enum(['kyverno', 'gatekeeper', 'vap', 'sigstore', 'connaisseur', 'ratify']),
  kind: z.string().max(253),
  namespace: z.string().max(253).optional(),
  name,
  /** Whether it enforces (vs audit / warn only). */
  enforcing: z.boolean(),
  /** Whether it verifies image signatures. */
  verifiesImages: z.boolean().default(false),
});

export const collectionStatus = z.discriminatedUnion('collected', [
  z.object({ collected: z.literal(true), count: z.number().int().min(0) }),
  z.object({
    collected: z.literal(false),
    reason: z.enum(['forbidden', 'not-found', 'error']),
    message: shortText.optional(),
  }),
]);

export const apiServer = z.object({
  /** Where the flags were read: the kube-apiserver static pod's command line. */
  source: z.enum(['static-pod']),
  /** The static (mirror) pod the flags were read from. */
  pod: z.object({ namespace: name, name }).optional(),
  /** Flags as name → value ("true" for a bare flag); the last occurrence wins. */
  flags: z.record(z.string().max(253), z.string().max(4096)),
});

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
  /** `cluster` when an agent read a live cluster, `manifests` when the CLI read files. */
  source: z.enum(['cluster', 'manifests']).default('cluster'),
  cluster: z
    .object({
      serverVersion: z
        .object({ gitVersion: z.string().max(64), major: z.string().max(16), minor: z.string().max(16) })
        .optional(),
      /** A managed control plane (EKS, GKE, AKS…): its flags are not ours to see or change. */
      managed: z.string().max(64).optional(),
      /** The API server's endpoint, when the agent knows it. */
      endpoint: z.string().max(1024).optional(),
      apiServer: apiServer.optional(),
    })
    .default({}),
  /** Per kind, whether it was collected: a kind not collected is "not evaluable", never empty. */
  collection: z.record(z.string().max(128), collectionStatus),
  workloads: z.array(workload).max(200_000),
  namespaces: z.array(namespace).max(100_000).default([]),
  serviceAccounts: z.array(serviceAccount).max(200_000).default([]),
  roles: z.array(role).max(200_000).default([]),
  bindings: z.array(binding).max(200_000).default([]),
  nodes: z.array(node).max(100_000).default([]),
  services: z.array(service).max(200_000).default([]),
  ingresses: z.array(ingress).max(100_000).default([]),
  networkPolicies: z.array(networkPolicy).max(100_000).default([]),
  limitRanges: z.array(limitRange).max(100_000).default([]),
  resourceQuotas: z.array(resourceQuota).max(100_000).default([]),
  configMaps: z.array(configMap).max(200_000).default([]),
  admissionWebhooks: z.array(admissionWebhook).max(10_000).default([]),
  policyEngines: z.array(policyEngineResource).max(100_000).default([]),
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
export type Namespace = z.infer<typeof namespace>;
export type ServiceAccount = z.infer<typeof serviceAccount>;
export type PolicyRule = z.infer<typeof policyRule>;
export type Role = z.infer<typeof role>;
export type Subject = z.infer<typeof subject>;
export type Binding = z.infer<typeof binding>;
export type Node = z.infer<typeof node>;
export type Service = z.infer<typeof service>;
export type Ingress = z.infer<typeof ingress>;
export type LimitRange = z.infer<typeof limitRange>;
export type ResourceQuota = z.infer<typeof resourceQuota>;
export type NetworkPolicy = z.infer<typeof networkPolicy>;
export type ConfigMap = z.infer<typeof configMap>;
export type AdmissionWebhook = z.infer<typeof admissionWebhook>;
export type PolicyEngineResource = z.infer<typeof policyEngineResource>;
export type LabelSelector = z.infer<typeof labelSelector>;
