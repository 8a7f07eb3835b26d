import { createHash } from 'node:crypto';
import { BY_KIND } from './resources';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const uidOf = (...parts: string[]) => {
  const h = createHash('sha1').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

const ownerRef = (owner: Obj) => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name,
  uid: owner.metadata.uid,
  controller: true,
  blockOwnerDeletion: true,
});

function podFrom(owner: Obj, template: Obj, name: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...structuredClone(template.metadata ?? {}),
      name,
      namespace: owner.metadata.namespace,
      uid: uidOf('Pod', owner.metadata.namespace, name),
      ownerReferences: [ownerRef(owner)],
    },
    spec: structuredClone(template.spec),
    status: { phase: 'Running' },
  };
}

/**
 * What a real cluster would hold for these manifests: defaults (namespace, uid) filled in, and
 * the ReplicaSets, Jobs and Pods that controllers create, with their ownerReferences.
 */
export function expandControllers(manifests: Obj[]): Obj[] {
  const out: Obj[] = [];
  for (const original of manifests) {
    const o = structuredClone(original);
    o.metadata ??= {};
    const namespaced = BY_KIND.get(o.kind)?.namespaced ?? true;
    if (namespaced) o.metadata.namespace ??= 'default';
    o.metadata.uid ??= uidOf(o.kind, o.metadata.namespace ?? '', o.metadata.name);
    out.push(o);
    const template = o.spec?.template;
    const hash = createHash('sha1')
      .update(JSON.stringify(template ?? {}))
      .digest('hex')
      .slice(0, 10);
    switch (o.kind) {
      case 'Deployment': {
        const rs = {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: `${o.metadata.name}-${hash}`,
            namespace: o.metadata.namespace,
            uid: uidOf('ReplicaSet', o.metadata.namespace, `${o.metadata.name}-${hash}`),
            labels: template?.metadata?.labels,
            ownerReferences: [ownerRef(o)],
          },
          spec: { replicas: o.spec.replicas ?? 1, selector: o.spec.selector, template: structuredClone(template) },
        };
        out.push(rs);
        for (let i = 0; i < (o.spec.replicas ?? 1); i++) out.push(podFrom(rs, template, `${rs.metadata.name}-${i}`));
        break;
      }
      case 'StatefulSet':
        for (let i = 0; i < (o.spec.replicas ?? 1); i++) out.push(podFrom(o, template, `${o.metadata.name}-${i}`));
        break;
      case 'DaemonSet':
        out.push(podFrom(o, template, `${o.metadata.name}-node1`));
        break;
      case 'Job':
        out.push(podFrom(o, template, `${o.metadata.name}-${hash.slice(0, 5)}`));
        break;
      default:
        break;
    }
  }
  return out;
}
