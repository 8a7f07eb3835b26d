import type { Area } from '../types';
import { slug } from './slug';
import type { Control, Framework } from './types';

const AREA: Record<Area, string> = { containers: 'Containers', pods: 'Pods', cluster: 'Cluster', users: 'Users' };

/** A practice's control id, from its name as rules spell it. */
export const practiceControlId = slug;

const practice = (area: Area, index: number, title: string, requirement: string): Control => ({
  id: practiceControlId(title),
  title,
  group: AREA[area],
  requirement,
  source: `Container Security Fundamentals 1.0, ${AREA[area]}, practice ${index} "${title}"`,
});

/** The sixteen practices Kubeward is built around; each rule names its practice. */
export const FUNDAMENTALS: Framework = {
  id: 'container-security-fundamentals',
  name: 'Container Security Fundamentals',
  version: '1.0',
  publisher: 'Kubeward',
  url: 'https://kubeward.dev/docs/practices',
  description: 'Sixteen practices of container security in four areas: containers, pods, cluster and users.',
  controls: [
    practice(
      'containers',
      1,
      'Assume you will be owned',
      'Every container is hardened as if it will be breached: non-root, no escalation, read-only, least capabilities, seccomp, limits, network policy.',
    ),
    practice('containers', 2, 'Distroless base image', 'Images carry only what the application needs.'),
    practice(
      'containers',
      3,
      'Easy to rebuild and redeploy',
      'Workloads are declared by controllers and images by immutable references, so any of them can be rebuilt.',
    ),
    practice(
      'containers',
      4,
      'Trust with signatures',
      'Images come from trusted registries, pinned by digest, with signatures verified at admission.',
    ),
    practice('pods', 1, 'No hostPath', "Pods do not mount the node's file system."),
    practice(
      'pods',
      2,
      'No hostNetwork',
      "Pods do not share the node's network, PID or IPC namespaces, nor bind its ports.",
    ),
    practice(
      'pods',
      3,
      'Conscious of the service account',
      'Pods run under service accounts of their own, with tokens only where needed and only the rights they need.',
    ),
    practice('pods', 4, 'No privileged containers', 'No container runs privileged or with unsafe kernel settings.'),
    practice('cluster', 1, 'Up to date', 'The control plane and the kubelets run supported Kubernetes versions.'),
    practice(
      'cluster',
      2,
      'Isolated from the Internet',
      'Nodes, services and the API server are not exposed to the Internet without restriction.',
    ),
    practice(
      'cluster',
      3,
      'Secrets in Secrets',
      'Sensitive values are kept in Secrets, readable only by those who need them.',
    ),
    practice(
      'cluster',
      4,
      'No basic auth',
      'The API server authenticates and authorises every request; no static credentials, no insecure port.',
    ),
    practice(
      'users',
      1,
      'Unique identity',
      'Every person and workload has an identity of its own; nothing is granted to everyone.',
    ),
    practice('users', 2, 'RBAC', 'Access is granted by RBAC with least privilege.'),
    practice('users', 3, 'Groups, not individuals', 'Rights are bound to groups, not to individual users.'),
    practice(
      'users',
      4,
      'Policy agent',
      'An admission policy (Pod Security Admission or a policy engine) enforces the rules above.',
    ),
  ],
};
