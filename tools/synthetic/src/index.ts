/**
 * Synthetic clusters shaped like real ones: a mix of workload kinds with the pod specs teams
 * actually write (some hardened, many not), per-namespace RBAC, nodes, Services and
 * NetworkPolicies. Deterministic for a seed, so benchmarks compare like with like.
 */
type Obj = Record<string, unknown>;

export interface SyntheticOptions {
  workloads: number;
  seed?: number;
  /** Namespaces the workloads spread over. */
  namespaces?: number;
  nodes?: number;
  /**
   * Pods the cluster runs once controllers have created them (a Deployment's or StatefulSet's
   * replicas, one per DaemonSet): replicas are spread to reach it. Two per workload when absent.
   */
  pods?: number;
  /** Roles, ClusterRoles and their bindings in all; extra ones are added to reach it. */
  rbacObjects?: number;
}

/** mulberry32: small, fast, good enough for test data. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IMAGES = [
  'nginx:1.27.3',
  'ghcr.io/acme/api:2.4.1',
  'registry.acme.internal/payments:1.9.0@sha256:3f1d9a5b6c7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718',
  'gcr.io/distroless/static-debian12:nonroot',
  'redis:7.4',
  'postgres:17',
  'busybox:latest',
  'quay.io/prometheus/node-exporter:v1.8.2',
];

export function generateCluster(options: SyntheticOptions): Obj[] {
  const random = prng(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number) => random() < p;
  const namespaces = Array.from(
    { length: options.namespaces ?? Math.max(5, Math.ceil(options.workloads / 50)) },
    (_, i) => `team-${i}`,
  );
  const objects: Obj[] = [];

  for (const ns of namespaces) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: chance(0.4) ? { 'pod-security.kubernetes.io/enforce': 'baseline' } : {} },
    });
    objects.push({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'app', namespace: ns },
      automountServiceAccountToken: chance(0.5) ? false : undefined,
    });
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'app', namespace: ns },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] },
        ...(chance(0.1) ? [{ apiGroups: [''], resources: ['secrets'], verbs: ['*'] }] : []),
      ],
    });
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'app', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'app' },
      subjects: [
        { kind: 'ServiceAccount', name: 'app', namespace: ns },
        ...(chance(0.2) ? [{ kind: 'User', name: `dev-${ns}@acme.example` }] : []),
      ],
    });
    if (chance(0.5)) {
      objects.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny', namespace: ns },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      });
    }
  }
  objects.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'ops-admin' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'Group', name: 'ops' }],
  });
  objects.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'cluster-admin' },
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
  });

  for (let n = 0; n < (options.nodes ?? Math.max(3, Math.ceil(options.workloads / 100))); n++) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${n}`, labels: { 'kubernetes.io/os': 'linux' } },
      status: {
        addresses: [
          { type: 'InternalIP', address: `10.0.${Math.floor(n / 250)}.${n % 250}` },
          ...(chance(0.05) ? [{ type: 'ExternalIP', address: `34.90.${n % 250}.7` }] : []),
        ],
        nodeInfo: {
          kubeletVersion: chance(0.9) ? 'v1.35.1' : 'v1.31.4',
          osImage: 'Ubuntu 24.04 LTS',
          containerRuntimeVersion: 'containerd://1.7.22',
        },
      },
    });
  }

  const kinds = ['Deployment', 'Deployment', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'] as const;
  for (let i = 0; i < options.workloads; i++) {
    const ns = namespaces[i % namespaces.length]!;
    const kind = pick(kinds);
    const name = `svc-${i}`;
    const hardened = chance(0.35);
    const container = (cname: string) => ({
      name: cname,
      image: pick(IMAGES),
      ports: [{ containerPort: 8080, ...(chance(0.02) ? { hostPort: 8080 } : {}) }],
      env: [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'DB_HOST', value: `db.${ns}.svc` },
        ...(chance(0.05)
          ? [{ name: 'API_TOKEN', value: 'literal-value-redacted-by-agent' }]
          : [{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: name, key: 'token' } } }]),
      ],
      resources: chance(0.7)
        ? { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } }
        : {},
      securityContext: hardened
        ? {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ['ALL'] },
          }
        : {
            ...(chance(0.03) ? { privileged: true } : {}),
            ...(chance(0.05) ? { capabilities: { add: ['NET_ADMIN'] } } : {}),
          },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    });
    const podSpec: Obj = {
      serviceAccountName: chance(0.6) ? 'app' : undefined,
      ...(chance(0.02) ? { hostNetwork: true } : {}),
      ...(hardened ? { securityContext: { seccompProfile: { type: 'RuntimeDefault' }, runAsUser: 10001 } } : {}),
      containers: [container('app'), ...(chance(0.3) ? [container('sidecar')] : [])],
      ...(chance(0.2) ? { initContainers: [container('init')] } : {}),
      volumes: [
        { name: 'tmp', emptyDir: {} },
        ...(chance(0.04)
          ? [{ name: 'host', hostPath: { path: pick(['/var/log', '/var/run/docker.sock', '/etc']) } }]
          : []),
      ],
    };
    const template = { metadata: { labels: { app: name } }, spec: podSpec };
    const metadata = { name, namespace: ns, labels: { app: name } };
    if (kind === 'CronJob') {
      objects.push({
        apiVersion: 'batch/v1',
        kind,
        metadata,
        spec: {
          schedule: '*/15 * * * *',
          jobTemplate: { spec: { template: { ...template, spec: { ...podSpec, restartPolicy: 'OnFailure' } } } },
        },
      });
    } else {
      objects.push({
        apiVersion: 'apps/v1',
        kind,
        metadata,
        spec: { replicas: 2, selector: { matchLabels: { app: name } }, template },
      });
    }
    if (kind !== 'CronJob') {
      objects.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: ns },
        spec: {
          type: chance(0.05) ? 'NodePort' : chance(0.03) ? 'LoadBalancer' : 'ClusterIP',
          selector: { app: name },
          ports: [{ port: 80, targetPort: 8080 }],
        },
      });
    }
  }
  if (options.pods !== undefined) spreadReplicas(objects, options.pods);
  if (options.rbacObjects !== undefined) addRbac(objects, options.rbacObjects, namespaces);
  return objects;
}

type Controller = { kind: string; spec: { replicas?: number } };

/** Sets replicas so that the cluster runs `pods` pods (DaemonSets run one each in the fake). */
function spreadReplicas(objects: Obj[], pods: number): void {
  const scalable = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet') as Controller[];
  const fixed = objects.filter((o) => o.kind === 'DaemonSet').length;
  const remaining = Math.max(0, pods - fixed);
  scalable.forEach((o, i) => {
    o.spec.replicas = Math.floor(remaining / scalable.length) + (i < remaining % scalable.length ? 1 : 0);
  });
}

const RBAC_KINDS = new Set(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);

/** Adds read-only Roles and their RoleBindings, round-robin over namespaces, to reach `total`. */
function addRbac(objects: Obj[], total: number, namespaces: string[]): void {
  let count = objects.filter((o) => RBAC_KINDS.has(o.kind as string)).length;
  for (let i = 0; count < total; i++) {
    const ns = namespaces[i % namespaces.length]!;
    const name = `reader-${i}`;
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, namespace: ns },
      rules: [{ apiGroups: ['', 'apps'], resources: ['pods', 'deployments', 'services'], verbs: ['get', 'list'] }],
    });
    count++;
    if (count >= total) break;
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'Group', name: `team-${i % 40}-readers`, apiGroup: 'rbac.authorization.k8s.io' }],
    });
    count++;
  }
}

export interface ChurnOptions {
  /** Share of the workloads changed per round; 1% by default. */
  rate?: number;
}

/** What one round of `churn` did, by workload name. */
export interface ChurnRound {
  modified: string[];
  hardened: string[];
  weakened: string[];
  removed: string[];
  added: string[];
}

const isWorkload = (o: Obj) => ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'].includes(o.kind as string);

type Container = { image: string; securityContext?: Record<string, unknown> };
function containersOf(workload: Obj): Container[] {
  const spec = workload.spec as { template?: { spec: Obj }; jobTemplate?: { spec: { template: { spec: Obj } } } };
  return ((spec.template ?? spec.jobTemplate!.spec.template).spec.containers ?? []) as Container[];
}

/**
 * One round of a living cluster's changes, in place: a share of its workloads changes, as teams
 * change them between two five-minute snapshots. Of each round's changes, most are rollouts (a new
 * image tag: objects MODIFIED, findings unchanged); one in ten flips a container between hardened
 * and not (findings open or resolve); one in twenty replaces a workload by a new one (an object
 * removed and one added, their findings resolved and opened). Which workloads change rotates
 * through the cluster, so none changes back within the hours a flap window covers. Deterministic.
 */
export function churn(objects: Obj[], round: number, options: ChurnOptions = {}): ChurnRound {
  const workloads = objects.filter(isWorkload);
  const n = Math.max(1, Math.round(workloads.length * (options.rate ?? 0.01)));
  const replaced = Math.max(1, Math.round(n / 20));
  const flipped = Math.max(1, Math.round(n / 10));
  const done: ChurnRound = { modified: [], hardened: [], weakened: [], removed: [], added: [] };
  const name = (w: Obj) => (w.metadata as { name: string }).name;
  for (let i = 0; i < n; i++) {
    const w = workloads[(round * n + i) % workloads.length]!;
    if (i < replaced) {
      const copy = structuredClone(w);
      (copy.metadata as { name: string }).name = `${name(w).replace(/-r\d+$/, '')}-r${round}`;
      objects.splice(objects.indexOf(w), 1, copy);
      done.removed.push(name(w));
      done.added.push(name(copy));
    } else if (i < replaced + flipped) {
      const c = containersOf(w)[0]!;
      if (c.securityContext?.readOnlyRootFilesystem === true) {
        c.securityContext = {};
        done.weakened.push(name(w));
      } else {
        c.securityContext = {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        };
        done.hardened.push(name(w));
      }
    } else {
      const c = containersOf(w)[0]!;
      c.image = `${c.image.split('@')[0]!.replace(/:[^:/]*$/, '')}:1.${round}.${i}`;
      done.modified.push(name(w));
    }
  }
  return done;
}
