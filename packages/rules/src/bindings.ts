import type { Binding, Subject } from '@kubeward/snapshot';
import type { RuleResult } from './types';

export const describeSubject = (s: Subject) => `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;

export function bindingResult(b: Binding, subjects: Subject[], what: string, fix: string): RuleResult {
  const ref = b.namespace ? `${b.kind} ${b.namespace}/${b.name}` : `${b.kind} ${b.name}`;
  return {
    resource: { kind: b.kind, ...(b.namespace ? { namespace: b.namespace } : {}), name: b.name },
    message: `${ref} ${what} to ${subjects.map(describeSubject).join(', ')}. ${fix}`,
    paths: b.subjects.map((s, i) => (subjects.includes(s) ? `subjects[${i}]` : '')).filter(Boolean),
  };
}
