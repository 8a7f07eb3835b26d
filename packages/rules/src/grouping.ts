import { severityRank, type Finding } from './types';

/** The cause key of a service account: what its token can do is the cause its findings share. */
export const causeOfAccount = (namespace: string, name: string) => `ServiceAccount/${namespace}/${name}`;

/** Findings on a role or binding: where a grant is fixed. */
const onRbac = (f: Finding) => /^(Cluster)?Role(Binding)?$/.test(f.resource.kind);

/**
 * Groups findings that share a cause (transitively: a binding naming two accounts joins both
 * accounts' findings) and marks every member but one with the fingerprint of the group's primary:
 * the most severe, and on a tie the one on the binding or role (where the fix is), then by
 * fingerprint. A finding alone with its cause stays ungrouped. Pure apart from setting `primary`.
 */
export function groupByCause(findings: readonly (Finding & { causes?: string[] })[]): void {
  const parent = new Map<number, number>();
  const find = (i: number): number => {
    let root = i;
    while (parent.get(root)! !== root) root = parent.get(root)!;
    parent.set(i, root);
    return root;
  };
  const byCause = new Map<string, number>();
  findings.forEach((f, i) => {
    if (!f.causes?.length) return;
    // A finding carried from an earlier evaluation (evaluateIncremental) is grouped afresh.
    f.primary = undefined;
    parent.set(i, i);
    for (const cause of f.causes) {
      const other = byCause.get(cause);
      if (other === undefined) byCause.set(cause, i);
      else parent.set(find(i), find(other));
    }
  });
  const groups = new Map<number, number[]>();
  for (const i of parent.keys()) {
    const root = find(i);
    const members = groups.get(root);
    if (members) members.push(i);
    else groups.set(root, [i]);
  }
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const first = members
      .map((i) => findings[i]!)
      .sort(
        (a, b) =>
          severityRank(b.severity) - severityRank(a.severity) ||
          Number(onRbac(b)) - Number(onRbac(a)) ||
          (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0),
      )[0]!;
    for (const i of members) if (findings[i] !== first) findings[i]!.primary = first.fingerprint;
  }
}
