import type { Binding, Subject } from '@kubeward/snapshot';
import { causeOfAccount } from './grouping';
import { isAllPowerful, isSystemName, type RbacIndex } from './rbac';
import type { RuleResult } from './types';

export const describeSubject = (s: Subject) => `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;

export const describeBinding = (b: Pick<Binding, 'kind' | 'namespace' | 'name'>) =>
  `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name}`;

export function bindingResult(b: Binding, subjects: Subject[], what: string, fix: string): RuleResult {
  return bindingFinding(
    b,
    subjects,
    `${describeBinding(b)} ${what} to ${subjects.map(describeSubject).join(', ')}. ${fix}`,
  );
}

/** A result on a binding, pointing at the subjects it is about (matched by kind, name and namespace). */
export function bindingFinding(b: Binding, subjects: Subject[], message: string): RuleResult {
  const named = (s: Subject) =>
    subjects.some(
      (t) => t.kind === s.kind && t.name === s.name && (t.namespace ?? b.namespace) === (s.namespace ?? b.namespace),
    );
  const causes = accountCauses(b, subjects);
  return {
    resource: { kind: b.kind, ...(b.namespace ? { namespace: b.namespace } : {}), name: b.name },
    message,
    paths: b.subjects.map((s, i) => (named(s) ? `subjects[${i}]` : '')).filter(Boolean),
    ...(causes.length > 0 ? { causes } : {}),
  };
}

/**
 * The subjects a binding gives cluster-admin, or a role that can do everything it can; undefined
 * when it gives neither, or only to the platform (system:masters' bootstrap binding is not a choice).
 */
export function clusterAdminSubjects(b: Binding, rbac: RbacIndex): Subject[] | undefined {
  if (b.roleRef.name !== 'cluster-admin' && !isAllPowerful(rbac.rulesOf(b))) return undefined;
  const subjects = b.subjects.filter((s) => !(s.kind === 'Group' && s.name === 'system:masters'));
  if (subjects.length === 0 || (isSystemName(b.name) && subjects.every((s) => isSystemName(s.name)))) return undefined;
  return subjects;
}

/** The cause keys of a binding's service account subjects (a RoleBinding's may leave the namespace to it). */
export const accountCauses = (b: Binding, subjects: Subject[]): string[] =>
  subjects
    .filter((s) => s.kind === 'ServiceAccount')
    .map((s) => causeOfAccount(s.namespace ?? b.namespace ?? '', s.name));
