import type { Service, Snapshot, Workload } from '@kubeward/snapshot';
import { isPublicAddress } from './network';

/** One way in from outside the cluster to a workload's pods. */
export interface Exposure {
  /** In words: `Service shop/web (LoadBalancer open to any source)`. */
  via: string;
  /** Reachable from the Internet, as far as the snapshot tells. */
  public: boolean;
}

const OPEN_RANGES = new Set(['0.0.0.0/0', '::/0']);

/** Whether any node has a publicly routable address: NodePorts then listen on the Internet. */
export const hasPublicNodes = (snapshot: Pick<Snapshot, 'nodes'>) =>
  snapshot.nodes.some((n) =>
    n.addresses.some((a) => (a.type === 'ExternalIP' || a.type === 'InternalIP') && isPublicAddress(a.address)),
  );

/** How a Service lets traffic in from outside the cluster, if it does. */
export function serviceExposure(s: Service, publicNodes: boolean): Exposure | undefined {
  const ref = `Service ${s.namespace}/${s.name}`;
  if (s.type === 'LoadBalancer') {
    if (s.internal) return { via: `${ref} (internal LoadBalancer)`, public: false };
    const open = s.loadBalancerSourceRanges.length === 0 || s.loadBalancerSourceRanges.some((r) => OPEN_RANGES.has(r));
    return open
      ? { via: `${ref} (LoadBalancer open to any source)`, public: true }
      : { via: `${ref} (LoadBalancer limited to ${s.loadBalancerSourceRanges.join(', ')})`, public: false };
  }
  if (s.externalIPs.length > 0) {
    return { via: `${ref} (externalIPs ${s.externalIPs.join(', ')})`, public: s.externalIPs.some(isPublicAddress) };
  }
  if (s.type === 'NodePort') {
    return { via: `${ref} (NodePort${publicNodes ? ' on nodes with public addresses' : ''})`, public: publicNodes };
  }
  return undefined;
}

const selectsPods = (selector: Record<string, string>, labels: Record<string, string>) => {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
};

const cache = new WeakMap<object, Map<Workload, Exposure[]>>();

/**
 * Every workload reachable from outside the cluster, and how: Services of type LoadBalancer or
 * NodePort or with externalIPs, and Ingresses (taken as public: their controllers usually are),
 * matched to workloads by the Service's selector over the pod template's labels.
 */
export function exposures(snapshot: Pick<Snapshot, 'nodes' | 'services' | 'ingresses' | 'workloads'>) {
  const cached = cache.get(snapshot);
  if (cached) return cached;
  const publicNodes = hasPublicNodes(snapshot);
  const byNamespace = new Map<string, Workload[]>();
  for (const w of snapshot.workloads) byNamespace.set(w.namespace, [...(byNamespace.get(w.namespace) ?? []), w]);
  const services = new Map(snapshot.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  const found = new Map<Workload, Exposure[]>();
  const reach = (s: Service, exposure: Exposure) => {
    for (const w of byNamespace.get(s.namespace) ?? []) {
      if (!selectsPods(s.selector, w.podLabels)) continue;
      const list = found.get(w) ?? [];
      if (!list.some((e) => e.via === exposure.via)) list.push(exposure);
      found.set(w, list);
    }
  };
  for (const s of snapshot.services) {
    const exposure = serviceExposure(s, publicNodes);
    if (exposure) reach(s, exposure);
  }
  for (const ingress of snapshot.ingresses) {
    for (const backend of ingress.backends) {
      const s = services.get(`${ingress.namespace}/${backend.service}`);
      const host = backend.host ? ` for ${backend.host}` : '';
      if (s)
        reach(s, {
          via: `Ingress ${ingress.namespace}/${ingress.name}${host} → Service ${s.namespace}/${s.name}`,
          public: true,
        });
    }
  }
  cache.set(snapshot, found);
  return found;
}
