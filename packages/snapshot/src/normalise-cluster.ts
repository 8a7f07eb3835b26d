import { NormaliseError } from './normalise';
import { looksSecret, type SecretDetection } from './secrets';
import type {
  AdmissionWebhook,
  Binding,
  ConfigMap,
  Ingress,
  LabelSelector,
  LimitRange,
  ResourceQuota,
  NetworkPolicy,
  Node,
  PolicyEngineResource,
  PolicyRule,
  Role,
  Service,
  ServiceAccount,
  Namespace,
} from './schema';

/** Normalisers for the non-workload kinds. Same conventions as normalise.ts. */
type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Raw => (isObject(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');
const stringMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) if (val !== undefined && val !== null) out[k] = String(val);
  return out;
};

function meta(raw: unknown, kind: string, namespaced: boolean) {
  const m = obj(obj(raw).metadata);
  const name = str(m.name);
  const namespace = namespaced ? (str(m.namespace) ?? 'default') : undefined;
  if (!name) throw new NormaliseError(`${kind} ${namespace ? `${namespace}/` : ''}?`, 'metadata.name is missing');
  return { name, namespace, labels: stringMap(m.labels), annotations: stringMap(m.annotations) };
}

export function labelSelector(v: unknown): LabelSelector {
  const s = obj(v);
  return {
    matchLabels: stringMap(s.matchLabels),
    matchExpressions: arr(s.matchExpressions).map((e) => ({
      key: str(obj(e).key) ?? '',
      operator: str(obj(e).operator) ?? 'In',
      values: strs(obj(e).values),
    })),
  };
}

export function normaliseNamespace(raw: unknown): Namespace {
  const m = meta(raw, 'Namespace', false);
  return { name: m.name, labels: m.labels };
}

export function normaliseServiceAccount(raw: unknown): ServiceAccount {
  const m = meta(raw, 'ServiceAccount', true);
  const automount = obj(raw).automountServiceAccountToken;
  return {
    namespace: m.namespace!,
    name: m.name,
    ...(typeof automount === 'boolean' ? { automountServiceAccountToken: automount } : {}),
  };
}

const policyRule = (r: unknown): PolicyRule => ({
  apiGroups: strs(obj(r).apiGroups),
  resources: strs(obj(r).resources),
  verbs: strs(obj(r).verbs),
  resourceNames: strs(obj(r).resourceNames),
  nonResourceURLs: strs(obj(r).nonResourceURLs),
});

export function normaliseRole(raw: unknown, kind: 'Role' | 'ClusterRole'): Role {
  const m = meta(raw, kind, kind === 'Role');
  const aggregation = obj(obj(raw).aggregationRule);
  return {
    kind,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    name: m.name,
    labels: m.labels,
    rules: arr(obj(raw).rules).map(policyRule),
    ...(kind === 'ClusterRole' && Array.isArray(aggregation.clusterRoleSelectors)
      ? { aggregationSelectors: aggregation.clusterRoleSelectors.map(labelSelector) }
      : {}),
  };
}

export function normaliseBinding(raw: unknown, kind: 'RoleBinding' | 'ClusterRoleBinding'): Binding {
  const m = meta(raw, kind, kind === 'RoleBinding');
  const ref = obj(obj(raw).roleRef);
  const refName = str(ref.name);
  if (!refName) throw new NormaliseError(`${kind} ${m.name}`, 'roleRef.name is missing');
  return {
    kind,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    name: m.name,
    roleRef: { kind: str(ref.kind) ?? 'ClusterRole', name: refName },
    subjects: arr(obj(raw).subjects).map((s) => {
      const sub = obj(s);
      const namespace = str(sub.namespace);
      return { kind: str(sub.kind) ?? '', name: str(sub.name) ?? '', ...(namespace ? { namespace } : {}) };
    }),
  };
}

export function normaliseNode(raw: unknown): Node {
  const m = meta(raw, 'Node', false);
  const status = obj(obj(raw).status);
  const info = obj(status.nodeInfo);
  const node: Node = {
    name: m.name,
    labels: m.labels,
    addresses: arr(status.addresses).map((a) => ({ type: str(obj(a).type) ?? '', address: str(obj(a).address) ?? '' })),
  };
  for (const key of ['kubeletVersion', 'osImage', 'kernelVersion', 'containerRuntimeVersion'] as const) {
    const value = str(info[key]);
    if (value) node[key] = value;
  }
  return node;
}

const INTERNAL_LB = [
  'service.beta.kubernetes.io/aws-load-balancer-internal',
  'service.beta.kubernetes.io/azure-load-balancer-internal',
  'networking.gke.io/load-balancer-type',
  'cloud.google.com/load-balancer-type',
  'service.beta.kubernetes.io/aws-load-balancer-scheme',
];

export function normaliseService(raw: unknown): Service {
  const m = meta(raw, 'Service', true);
  const spec = obj(obj(raw).spec);
  const internal = INTERNAL_LB.some((key) => {
    const v = m.annotations[key]?.toLowerCase();
    return v === 'true' || v === 'internal';
  });
  return {
    namespace: m.namespace!,
    name: m.name,
    type: str(spec.type) ?? 'ClusterIP',
    selector: stringMap(spec.selector),
    ports: arr(spec.ports).map((p) => {
      const port = obj(p);
      const out: Service['ports'][number] = { port: typeof port.port === 'number' ? port.port : 0 };
      if (str(port.name)) out.name = str(port.name);
      if (typeof port.nodePort === 'number') out.nodePort = port.nodePort;
      if (str(port.protocol)) out.protocol = str(port.protocol);
      if (typeof port.targetPort === 'number' || typeof port.targetPort === 'string') out.targetPort = port.targetPort;
      return out;
    }),
    loadBalancerSourceRanges: strs(spec.loadBalancerSourceRanges),
    externalIPs: strs(spec.externalIPs),
    internal,
  };
}

export function normaliseIngress(raw: unknown): Ingress {
  const m = meta(raw, 'Ingress', true);
  const spec = obj(obj(raw).spec);
  const backends: Ingress['backends'] = [];
  const serviceOf = (backend: unknown) => {
    const b = obj(backend);
    return str(obj(b.service).name) ?? str(b.serviceName);
  };
  const fallback = serviceOf(spec.defaultBackend ?? spec.backend);
  if (fallback) backends.push({ service: fallback });
  for (const rule of arr(spec.rules)) {
    const host = str(obj(rule).host);
    for (const p of arr(obj(obj(rule).http).paths)) {
      const service = serviceOf(obj(p).backend);
      if (service)
        backends.push({ ...(host ? { host } : {}), ...(str(obj(p).path) ? { path: str(obj(p).path) } : {}), service });
    }
  }
  return { namespace: m.namespace!, name: m.name, backends, tls: arr(spec.tls).length > 0 };
}

function policyPeer(raw: unknown): NonNullable<NetworkPolicy['ingress']>[number]['peers'][number] {
  const p = obj(raw);
  const block = obj(p.ipBlock);
  return {
    ...(isObject(p.podSelector) ? { podSelector: labelSelector(p.podSelector) } : {}),
    ...(isObject(p.namespaceSelector) ? { namespaceSelector: labelSelector(p.namespaceSelector) } : {}),
    ...(isObject(p.ipBlock) ? { ipBlock: { cidr: str(block.cidr) ?? '', except: strs(block.except) } } : {}),
  };
}

function policyTraffic(raw: unknown, peers: 'from' | 'to'): NonNullable<NetworkPolicy['ingress']>[number] {
  const r = obj(raw);
  return {
    peers: arr(r[peers]).map(policyPeer),
    ports: arr(r.ports).map((p) => {
      const port = obj(p);
      const value = typeof port.port === 'number' || typeof port.port === 'string' ? port.port : undefined;
      const endPort = typeof port.endPort === 'number' ? port.endPort : undefined;
      return {
        ...(str(port.protocol) ? { protocol: str(port.protocol) } : {}),
        ...(value !== undefined ? { port: value } : {}),
        ...(endPort !== undefined ? { endPort } : {}),
      };
    }),
  };
}

export function normaliseNetworkPolicy(raw: unknown): NetworkPolicy {
  const m = meta(raw, 'NetworkPolicy', true);
  const spec = obj(obj(raw).spec);
  return {
    namespace: m.namespace!,
    name: m.name,
    podSelector: labelSelector(spec.podSelector),
    policyTypes: strs(spec.policyTypes),
    ingress: arr(spec.ingress).map((r) => policyTraffic(r, 'from')),
    egress: arr(spec.egress).map((r) => policyTraffic(r, 'to')),
  };
}

export function normaliseLimitRange(raw: unknown): LimitRange {
  const m = meta(raw, 'LimitRange', true);
  const limits = arr(obj(obj(raw).spec).limits).map(obj);
  return {
    namespace: m.namespace!,
    name: m.name,
    types: [...new Set(limits.map((l) => str(l.type) ?? '').filter(Boolean))].sort(),
    defaultLimits: limits.some((l) => str(l.type) === 'Container' && Object.keys(obj(l.default)).length > 0),
  };
}

export function normaliseResourceQuota(raw: unknown): ResourceQuota {
  const m = meta(raw, 'ResourceQuota', true);
  return { namespace: m.namespace!, name: m.name, hard: Object.keys(obj(obj(obj(raw).spec).hard)).sort() };
}

/** Key names and an in-cluster verdict per value; the values themselves are dropped here. */
export function normaliseConfigMap(raw: unknown, detection: SecretDetection = {}): ConfigMap {
  const m = meta(raw, 'ConfigMap', true);
  const data = obj(obj(raw).data);
  const binary = obj(obj(raw).binaryData);
  return {
    namespace: m.namespace!,
    name: m.name,
    keys: [
      ...Object.entries(data).map(([key, value]) => ({
        name: key,
        looksSecret: looksSecret(key, str(value), detection),
      })),
      ...Object.keys(binary).map((key) => ({ name: key, looksSecret: looksSecret(key, 'binary', detection) })),
    ],
  };
}

export function normaliseAdmissionWebhook(
  raw: unknown,
  kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration',
): AdmissionWebhook {
  const m = meta(raw, kind, false);
  return {
    kind,
    name: m.name,
    webhooks: arr(obj(raw).webhooks).map((w) => {
      const hook = obj(w);
      const svc = obj(obj(hook.clientConfig).service);
      const rules = arr(hook.rules).map(obj);
      return {
        name: str(hook.name) ?? '',
        ...(str(hook.failurePolicy) ? { failurePolicy: str(hook.failurePolicy) } : {}),
        resources: [...new Set(rules.flatMap((r) => strs(r.resources)))],
        ...(str(rules[0]?.scope) ? { scope: str(rules[0]?.scope) } : {}),
        ...(str(svc.name) ? { service: { namespace: str(svc.namespace) ?? '', name: str(svc.name)! } } : {}),
      };
    }),
  };
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : undefined);

/**
 * Recognises the policy engines' own resources. Returns null for kinds that are not one.
 * Kyverno: ClusterPolicy/Policy (Enforce vs Audit, verifyImages rules); Gatekeeper:
 * ConstraintTemplate; ValidatingAdmissionPolicy(+Binding with Deny); sigstore policy-controller:
 * ClusterImagePolicy; Connaisseur and Ratify by their kinds.
 */
export function normalisePolicyEngine(raw: unknown): PolicyEngineResource | null {
  const o = obj(raw);
  const kind = str(o.kind) ?? '';
  const group = (str(o.apiVersion) ?? '').split('/')[0] ?? '';
  const m = obj(o.metadata);
  const name = str(m.name);
  if (!name) return null;
  const namespace = str(m.namespace);
  const spec = obj(o.spec);
  const base = { kind, name, ...(namespace ? { namespace } : {}) };
  if (group === 'kyverno.io' && (kind === 'ClusterPolicy' || kind === 'Policy')) {
    const rules = arr(spec.rules).map(obj);
    const specAction = lower(spec.validationFailureAction);
    const ruleActions = rules.map((r) => lower(obj(r.validate).failureAction));
    const enforcing = specAction === 'enforce' || ruleActions.includes('enforce');
    const verifiesImages = rules.some((r) => arr(r.verifyImages).length > 0);
    // verifyImages rules block by default (validationFailureAction defaults to Audit only for validate).
    return { engine: 'kyverno', ...base, enforcing: enforcing || verifiesImages, verifiesImages };
  }
  if (group === 'templates.gatekeeper.sh' && kind === 'ConstraintTemplate')
    return { engine: 'gatekeeper', ...base, enforcing: true, verifiesImages: false };
  if (group === 'admissionregistration.k8s.io' && kind === 'ValidatingAdmissionPolicyBinding') {
    const actions = strs(spec.validationActions).map((a) => a.toLowerCase());
    return { engine: 'vap', ...base, enforcing: actions.includes('deny'), verifiesImages: false };
  }
  if (group === 'policy.sigstore.dev' && kind === 'ClusterImagePolicy') {
    return { engine: 'sigstore', ...base, enforcing: lower(spec.mode) !== 'warn', verifiesImages: true };
  }
  if (group === 'connaisseur.policy' || kind === 'ConnaisseurPolicy')
    return { engine: 'connaisseur', ...base, enforcing: true, verifiesImages: true };
  if (group === 'config.ratify.deislabs.io' && kind === 'Verifier')
    return { engine: 'ratify', ...base, enforcing: true, verifiesImages: true };
  return null;
}

const MANAGED_VERSION = [
  { pattern: /-eks-/, provider: 'eks' },
  { pattern: /-gke\./, provider: 'gke' },
  { pattern: /\+aks|-aks/, provider: 'aks' },
  { pattern: /\+vmware|-vmware/, provider: 'tkg' },
  { pattern: /-do\./, provider: 'digitalocean' },
];

/** Names the provider of a managed control plane from the server's version string, if any. */
export function managedControlPlane(gitVersion: string | undefined): string | undefined {
  return gitVersion ? MANAGED_VERSION.find((m) => m.pattern.test(gitVersion))?.provider : undefined;
}

/** kube-apiserver flags from its static pod's command line, or null when the pod is not one. */
export function apiServerFlags(raw: unknown): Record<string, string> | null {
  const o = obj(raw);
  if (o.kind !== 'Pod') return null;
  for (const c of arr(obj(o.spec).containers)) {
    const argv = [...strs(obj(c).command), ...strs(obj(c).args)];
    if (!argv.some((a) => a === 'kube-apiserver' || a.endsWith('/kube-apiserver'))) continue;
    const flags: Record<string, string> = {};
    for (const arg of argv) {
      const match = arg.match(/^--([^=]+)(?:=(.*))?$/);
      if (match) flags[match[1]!] = match[2] ?? 'true';
    }
    return flags;
  }
  return null;
}
