import { resourceKey } from '@kubeward/snapshot';
import { bindingFinding, clusterAdminSubjects, describeBinding, describeSubject } from '../../bindings';
import { driftResult, standingOf } from '../../drift';
import { subjectId } from '../../permissions';
import { isSystemName, rbacIndex } from '../../rbac';
import type { Rule, RuleResult } from '../../types';

export const clusterAdminBindingAdded: Rule = {
  id: 'cluster-admin-binding-added',
  title: 'cluster-admin was newly granted to a user, group or service account',
  area: 'users',
  practice: 'RBAC',
  severity: 'CRITICAL',
  rationale:
    'A new cluster-admin grant is the clearest sign of a takeover, and the most common way one is made ' +
    'to last: an attacker with bind, escalate or a stolen admin credential binds a subject of their own. ' +
    'Planned grants are rare and have a ticket; each new one deserves a look the day it appears.',
  remediation: {
    text: 'Check who created the binding (the API server audit log) and why; remove it, or accept it with the reason and an expiry.',
    yaml: `kubectl get clusterrolebinding <name> -o yaml
kubectl delete clusterrolebinding <name>`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.1.1' },
    { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
  ],
  needs: ['rbac'],
  drift: true,
  // A cluster always has bindings: none before means RBAC was not read, not that every grant is new.
  notApplicable: (_snapshot, { history }) =>
    history!.previous.bindings.length === 0 ? 'the previous snapshot has no RBAC to compare with' : undefined,
  evaluate(snapshot, { history }) {
    const rbac = rbacIndex(snapshot);
    const standing = standingOf(history!, 'cluster-admin-binding-added');
    const before = new Map(history!.previous.bindings.map((b) => [resourceKey(b), b]));
    const results: RuleResult[] = [];
    for (const b of snapshot.bindings) {
      const subjects = clusterAdminSubjects(b, rbac)?.filter((s) => !isSystemName(s.name));
      if (!subjects?.length) continue;
      const resource = { kind: b.kind, ...(b.namespace ? { namespace: b.namespace } : {}), name: b.name };
      const kept = standing.get(resourceKey(resource));
      // Who held it before: the baseline's subjects while the finding stands, else the previous binding's
      // (its role may have changed to cluster-admin: then nobody held cluster-admin through it).
      const previous = before.get(resourceKey(resource));
      const was =
        kept?.was ?? (previous && clusterAdminSubjects(previous, rbac) ? previous.subjects.map(subjectId).sort() : []);
      const added = subjects.filter((s) => !was.includes(subjectId(s)));
      if (added.length === 0) continue;
      results.push(
        driftResult(
          snapshot,
          resource,
          kept,
          was,
          (since) =>
            `${describeBinding(b)} newly grants ${b.roleRef.name === 'cluster-admin' ? 'cluster-admin' : `${b.roleRef.kind} ${b.roleRef.name}, which can do everything cluster-admin can,`} ` +
            `to ${added.map(describeSubject).join(', ')} (seen since ${since}). Find out who made it and why; remove it or accept it with the reason.`,
          bindingFinding(b, added, '').paths,
        ),
      );
    }
    return results;
  },
};
