import { powerRule } from '../../power-rule';

export const rbacCreatePersistentVolumes = powerRule(
  {
    id: 'rbac-create-persistent-volumes',
    title: 'Subjects can create PersistentVolumes',
    area: 'users',
    practice: 'RBAC',
    severity: 'HIGH',
    rationale:
      'A PersistentVolume may be a hostPath: whoever creates one and claims it mounts any directory of a ' +
      "node (the container runtime's socket, the kubelet's credentials) into a pod that passes every pod " +
      'admission check, because the pod names only a claim.',
    remediation: {
      text: 'Provision volumes through StorageClasses; let people create PersistentVolumeClaims, not PersistentVolumes.',
      yaml: `rules:
  - apiGroups: [""]
    resources: ["persistentvolumeclaims"]
    verbs: ["get", "list", "create", "delete"]`,
    },
    references: [
      { framework: 'CIS-1.10', control: '5.1.9' },
      { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
    ],
  },
  ['create-persistent-volumes'],
);
