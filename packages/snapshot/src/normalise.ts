import { looksSecret, type SecretDetection } from './secrets';
import type { Container, EnvVar, PodSpec, Volume, Workload, WorkloadKind } from './schema';
import { WORKLOAD_KINDS } from './kinds';

/**
 * Pure normalisers from raw Kubernetes objects (API JSON, YAML, or @kubernetes/client-node
 * models, which use the same field names) to the snapshot's form. They keep only what the rules
 * read and drop every secret value on the way.
 */
export class NormaliseError extends Error {
  override name = 'NormaliseError';
  constructor(
    readonly object: string,
    message: string,
  ) {
    super(`${object}: ${message}`);
  }
}

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Raw => (isObject(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) {
    if (val !== undefined && val !== null) out[k] = String(val);
  }
  return out;
}

function defined<T extends Raw>(o: T): T {
  for (const key of Object.keys(o)) if (o[key] === undefined) delete o[key];
  return o;
}

function seccomp(v: unknown) {
  const s = obj(v);
  const type = str(s.type);
  return type ? defined({ type, localhostProfile: str(s.localhostProfile) }) : undefined;
}

function seLinux(v: unknown) {
  if (!isObject(v)) return undefined;
  return defined({ type: str(v.type), user: str(v.user), role: str(v.role), level: str(v.level) });
}

function normaliseEnv(raw: unknown, detection: SecretDetection): EnvVar {
  const e = obj(raw);
  const name = str(e.name) ?? '';
  const from = obj(e.valueFrom);
  if (isObject(from.secretKeyRef)) {
    return {
      name,
      source: 'secretKeyRef',
      ref: defined({ name: str(from.secretKeyRef.name), key: str(from.secretKeyRef.key) }),
    };
  }
  if (isObject(from.configMapKeyRef)) {
    return {
      name,
      source: 'configMapKeyRef',
      ref: defined({ name: str(from.configMapKeyRef.name), key: str(from.configMapKeyRef.key) }),
    };
  }
  if (isObject(from.fieldRef)) return { name, source: 'fieldRef' };
  if (isObject(from.resourceFieldRef)) return { name, source: 'resourceFieldRef' };
  // The literal value is looked at here, in the cluster, and then forgotten.
  return { name, source: 'literal', looksSecret: looksSecret(name, str(e.value), detection) };
}

function windows(raw: unknown): { hostProcess: boolean } | undefined {
  const hostProcess = bool(obj(raw).hostProcess);
  return hostProcess === undefined ? undefined : { hostProcess };
}

function normaliseContainer(
  raw: unknown,
  type: Container['type'],
  index: number,
  detection: SecretDetection,
  object: string,
): Container {
  if (!isObject(raw)) throw new NormaliseError(object, `${type}[${index}] is not a container object`);
  const c = raw;
  const sc = obj(c.securityContext);
  const caps = isObject(sc.capabilities)
    ? {
        add: arr(sc.capabilities.add).map(String),
        drop: arr(sc.capabilities.drop).map(String),
      }
    : undefined;
  const resources = obj(c.resources);
  return {
    name: str(c.name) ?? `${type}[${index}]`,
    type,
    index,
    image: str(c.image) ?? '',
    securityContext: defined({
      privileged: bool(sc.privileged),
      allowPrivilegeEscalation: bool(sc.allowPrivilegeEscalation),
      readOnlyRootFilesystem: bool(sc.readOnlyRootFilesystem),
      runAsNonRoot: bool(sc.runAsNonRoot),
      runAsUser: int(sc.runAsUser),
      runAsGroup: int(sc.runAsGroup),
      procMount: str(sc.procMount),
      capabilities: caps,
      seccompProfile: seccomp(sc.seccompProfile),
      appArmorProfile: seccomp(sc.appArmorProfile),
      seLinuxOptions: seLinux(sc.seLinuxOptions),
      windowsOptions: windows(sc.windowsOptions),
    }),
    resources: { limits: stringMap(resources.limits), requests: stringMap(resources.requests) },
    ports: arr(c.ports).map((p) => {
      const port = obj(p);
      return defined({
        containerPort: int(port.containerPort) ?? 0,
        hostPort: int(port.hostPort),
        protocol: str(port.protocol),
      });
    }),
    volumeMounts: arr(c.volumeMounts).map((m) => {
      const mount = obj(m);
      return defined({
        name: str(mount.name) ?? '',
        mountPath: str(mount.mountPath) ?? '',
        readOnly: bool(mount.readOnly),
      });
    }),
    env: arr(c.env).map((e) => normaliseEnv(e, detection)),
    envFrom: arr(c.envFrom).flatMap((f): Container['envFrom'] => {
      const from = obj(f);
      if (isObject(from.secretRef)) return [defined({ kind: 'secret' as const, name: str(from.secretRef.name) })];
      if (isObject(from.configMapRef))
        return [defined({ kind: 'configMap' as const, name: str(from.configMapRef.name) })];
      return [];
    }),
  };
}

function normaliseVolume(raw: unknown): Volume {
  const v = obj(raw);
  const projectedToken = arr(obj(v.projected).sources).some((s) => isObject(obj(s).serviceAccountToken));
  return defined({
    name: str(v.name) ?? '',
    type: Object.keys(v).find((k) => k !== 'name') ?? 'unknown',
    hostPath: isObject(v.hostPath)
      ? defined({ path: str(v.hostPath.path) ?? '', type: str(v.hostPath.type) })
      : undefined,
    secret: isObject(v.secret) ? defined({ secretName: str(v.secret.secretName) }) : undefined,
    configMap: isObject(v.configMap) ? defined({ name: str(v.configMap.name) }) : undefined,
    projectedServiceAccountToken: projectedToken || undefined,
  });
}

export function normalisePodSpec(raw: unknown, object: string, detection: SecretDetection = {}): PodSpec {
  if (!isObject(raw)) throw new NormaliseError(object, 'has no pod spec');
  const containers = arr(raw.containers);
  if (containers.length === 0) throw new NormaliseError(object, 'pod spec has no containers');
  const psc = obj(raw.securityContext);
  return defined({
    serviceAccountName: str(raw.serviceAccountName) ?? str(raw.serviceAccount) ?? 'default',
    automountServiceAccountToken: bool(raw.automountServiceAccountToken),
    hostNetwork: raw.hostNetwork === true,
    hostPID: raw.hostPID === true,
    hostIPC: raw.hostIPC === true,
    securityContext: defined({
      runAsNonRoot: bool(psc.runAsNonRoot),
      runAsUser: int(psc.runAsUser),
      runAsGroup: int(psc.runAsGroup),
      fsGroup: int(psc.fsGroup),
      seccompProfile: seccomp(psc.seccompProfile),
      appArmorProfile: seccomp(psc.appArmorProfile),
      seLinuxOptions: seLinux(psc.seLinuxOptions),
      windowsOptions: windows(psc.windowsOptions),
      sysctls: arr(psc.sysctls).map((s) => ({ name: str(obj(s).name) ?? '' })),
    }),
    volumes: arr(raw.volumes).map(normaliseVolume),
    containers: [
      ...containers.map((c, i) => normaliseContainer(c, 'containers', i, detection, object)),
      ...arr(raw.initContainers).map((c, i) => normaliseContainer(c, 'initContainers', i, detection, object)),
      ...arr(raw.ephemeralContainers).map((c, i) => normaliseContainer(c, 'ephemeralContainers', i, detection, object)),
    ],
    nodeName: str(raw.nodeName),
  });
}

const RULE_ANNOTATION =
  /^(container\.apparmor\.security\.beta\.kubernetes\.io\/|seccomp\.security\.alpha\.kubernetes\.io\/|container\.seccomp\.security\.alpha\.kubernetes\.io\/)/;

/** Where the pod template sits inside each workload kind. */
export const POD_SPEC_PATH: Record<WorkloadKind, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export function isWorkloadKind(kind: unknown): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly unknown[]).includes(kind);
}

/** Normalises one workload object; `kind` is needed because API list items carry no kind. */
export function normaliseWorkload(raw: unknown, kind?: WorkloadKind, detection: SecretDetection = {}): Workload {
  const o = obj(raw);
  const meta = obj(o.metadata);
  const name = str(meta.name);
  const k = kind ?? o.kind;
  const label = `${typeof k === 'string' ? k : 'object'} ${str(meta.namespace) ?? 'default'}/${name ?? '?'}`;
  if (!isWorkloadKind(k)) throw new NormaliseError(label, `kind ${String(k)} is not a workload kind`);
  if (!name) throw new NormaliseError(label, 'metadata.name is missing');
  let spec: unknown = o;
  for (const key of POD_SPEC_PATH[k]) spec = obj(spec)[key];
  // Pod-template annotations are where AppArmor and legacy seccomp settings live.
  let template: unknown = o;
  for (const key of POD_SPEC_PATH[k].slice(0, -1)) template = obj(template)[key];
  const annotations = Object.fromEntries(
    Object.entries(stringMap(obj(obj(template).metadata).annotations)).filter(([key]) => RULE_ANNOTATION.test(key)),
  );
  const controller = arr(meta.ownerReferences)
    .map(obj)
    .find((ref) => ref.controller === true);
  return defined({
    kind: k,
    namespace: str(meta.namespace) ?? 'default',
    name,
    uid: str(meta.uid),
    labels: stringMap(meta.labels),
    podLabels: stringMap(obj(obj(template).metadata).labels),
    annotations,
    owner:
      controller && str(controller.kind) && str(controller.name)
        ? defined({ kind: str(controller.kind)!, name: str(controller.name)!, uid: str(controller.uid) })
        : undefined,
    podSpec: normalisePodSpec(spec, label, detection),
  });
}
