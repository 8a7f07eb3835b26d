import {
  AccessQuestionError,
  describeBinding,
  describeStep,
  describeSubject,
  pathToClusterAdmin,
  POWERS,
  subjectAccess,
  whoCan,
  type Access,
  type Permission,
} from '@kubeward/rules';
import type { Snapshot, Subject } from '@kubeward/snapshot';

type Rbac = Pick<Snapshot, 'roles' | 'bindings'>;

const where = (namespace: string | undefined) => namespace ?? 'cluster-wide';
const through = (p: Pick<Permission, 'binding' | 'roleRef'>) =>
  `${describeBinding(p.binding)} → ${p.roleRef.kind} ${p.roleRef.name}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('   ')
      .trimEnd(),
  );
}

/**
 * A subject named as on the command line: `User:alice`, `Group:ops`, `ServiceAccount:ns/name`,
 * or as Kubernetes names a service account's user, `system:serviceaccount:ns:name`.
 */
export function parseSubjectArg(value: string): { kind: string; name: string; namespace?: string } {
  const sa = value.match(/^system:serviceaccount:([^:]+):([^:]+)$/);
  if (sa) return { kind: 'ServiceAccount', namespace: sa[1]!, name: sa[2]! };
  const at = value.indexOf(':');
  if (at <= 0) {
    throw new AccessQuestionError(
      '--subject',
      `"${value}" is not Kind:name (User:alice, Group:ops, ServiceAccount:ns/name)`,
    );
  }
  const kind = value.slice(0, at);
  const rest = value.slice(at + 1);
  if (kind === 'ServiceAccount') {
    const slash = rest.indexOf('/');
    return slash > 0 ? { kind, namespace: rest.slice(0, slash), name: rest.slice(slash + 1) } : { kind, name: rest };
  }
  return { kind, name: rest };
}

export function describeAccess(a: Access): string {
  const group = a.apiGroup ? ` (${a.apiGroup})` : '';
  return `${a.verb} ${a.resource}${group} ${a.namespace ? `in namespace ${a.namespace}` : 'in any namespace'}`;
}

export function formatWhoCan(rbac: Rbac, access: Access, format: 'table' | 'json'): string {
  const entries = whoCan(rbac, access).map((w) => ({ ...w, path: pathToClusterAdmin(rbac, w.subject) }));
  if (format === 'json') {
    return JSON.stringify(
      {
        access,
        subjects: entries.map((e) => ({
          subject: e.subject,
          via: e.via.map((p) => ({
            binding: p.binding,
            roleRef: p.roleRef,
            namespace: p.namespace ?? null,
            rule: p.rule,
          })),
          pathToClusterAdmin: e.path?.map(describeStep) ?? null,
        })),
      },
      null,
      2,
    );
  }
  const head = `Who can ${describeAccess(access)}: ${plural(entries.length, 'subject')}`;
  if (entries.length === 0) return head;
  const rows = [['SUBJECT', 'WHERE', 'THROUGH']];
  for (const e of entries) {
    e.via.forEach((p, i) =>
      rows.push([
        i === 0 ? describeSubject(e.subject) : '',
        where(p.namespace) + (p.rule.resourceNames.length ? ` (only ${p.rule.resourceNames.join(', ')})` : ''),
        through(p),
      ]),
    );
  }
  const paths = entries
    .filter((e) => e.path)
    .map((e) => `  ${describeSubject(e.subject)}: ${e.path!.map((s, i) => `${i + 1}) ${describeStep(s)}`).join('; ')}`);
  return [head, '', ...table(rows), ...(paths.length ? ['', 'Reach cluster-admin:', ...paths] : [])].join('\n');
}

export function formatSubject(rbac: Rbac, subject: Subject, format: 'table' | 'json'): string {
  const { permissions, powers, pathToClusterAdmin: path } = subjectAccess(rbac, subject);
  if (format === 'json') {
    return JSON.stringify(
      {
        subject,
        permissions: permissions.map((p) => ({
          subject: p.subject,
          binding: p.binding,
          roleRef: p.roleRef,
          namespace: p.namespace ?? null,
          rule: p.rule,
        })),
        powers: powers.map((p) => ({ ...p, description: POWERS[p.power].label, namespace: p.namespace ?? null })),
        pathToClusterAdmin: path?.map(describeStep) ?? null,
      },
      null,
      2,
    );
  }
  const lines = [`${describeSubject(subject)}: ${plural(permissions.length, 'grant')}`];
  if (permissions.length > 0) {
    const rows = [['VERBS', 'RESOURCES', 'WHERE', 'THROUGH']];
    for (const p of permissions) {
      const groups = p.rule.apiGroups.filter(Boolean);
      const resources = [...p.rule.resources, ...p.rule.nonResourceURLs].join(',') || '-';
      rows.push([
        p.rule.verbs.join(','),
        `${resources}${groups.length ? ` (${groups.join(',')})` : ''}${p.rule.resourceNames.length ? ` only ${p.rule.resourceNames.join(',')}` : ''}`,
        where(p.namespace),
        through(p) +
          (p.subject.kind === 'Group' && subject.kind !== 'Group' ? ` as ${describeSubject(p.subject)}` : ''),
      ]);
    }
    lines.push('', ...table(rows));
  }
  if (powers.length > 0) {
    lines.push('', 'Dangerous powers:');
    for (const p of powers)
      lines.push(
        `  ${POWERS[p.power].label} ${p.namespace ? `in namespace ${p.namespace}` : 'cluster-wide'} (${through(p)})`,
      );
  }
  lines.push(
    '',
    path
      ? `Reaches cluster-admin in ${plural(path.length, 'step')}:\n${path.map((s, i) => `  ${i + 1}) ${describeStep(s)}`).join('\n')}`
      : 'No path to cluster-admin.',
  );
  return lines.join('\n');
}
