import { NAMESPACE_NOT_SET } from '@kubeward/snapshot';

/** Cluster-scoped kinds the scan reads: they never take a namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'ClusterRole',
  'ClusterRoleBinding',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ClusterPolicy',
  'ConstraintTemplate',
  'ClusterImagePolicy',
  'PersistentVolume',
]);

export const isClusterScoped = (kind: string) => CLUSTER_SCOPED.has(kind);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Gives a manifest the identity it lacks, so that it is judged and named rather than dropped: a
 * name from `generateName` (`web-(generated)`) or from its place in the file (`(unnamed #3)`),
 * and for a namespaced kind without a namespace, "namespace not set" — not `default`: `kubectl
 * apply` puts it wherever the context points. The object is copied, never changed.
 */
export function completeIdentity(object: unknown, documentIndex: number): unknown {
  if (!isObj(object) || typeof object.kind !== 'string') return object;
  const metadata = isObj(object.metadata) ? object.metadata : {};
  const named = typeof metadata.name === 'string' && metadata.name !== '';
  const placed = typeof metadata.namespace === 'string' && metadata.namespace !== '';
  const namespaced = !CLUSTER_SCOPED.has(object.kind);
  if (named && (placed || !namespaced)) return object;
  const generate = typeof metadata.generateName === 'string' && metadata.generateName !== '';
  return {
    ...object,
    metadata: {
      ...metadata,
      ...(named
        ? {}
        : { name: generate ? `${metadata.generateName as string}(generated)` : `(unnamed #${documentIndex})` }),
      ...(namespaced && !placed ? { namespace: NAMESPACE_NOT_SET } : {}),
    },
  };
}
