/** What an exception selects; null selects anything. */
export interface ExceptionSelector {
  clusterId: string | null;
  ruleId: string | null;
  namespace: string | null;
  resourceKind: string | null;
  resourceName: string | null;
}

/**
 * Whether any of these (active) exceptions covers the finding. The SQL of `findings`' `excepted`
 * says the same in the database; the two are tested against the same cases.
 */
type Matchable = { ruleId: string; resource: { kind: string; namespace?: string | null; name: string } };

const selects = (x: ExceptionSelector, f: Matchable) =>
  (x.ruleId === null || x.ruleId === f.ruleId) &&
  (x.namespace === null || x.namespace === (f.resource.namespace ?? null)) &&
  (x.resourceKind === null || x.resourceKind === f.resource.kind) &&
  (x.resourceName === null || x.resourceName === f.resource.name);

export function coveredBy(exceptions: ExceptionSelector[], clusterId: string): (f: Matchable) => boolean {
  const relevant = exceptions.filter((x) => x.clusterId === null || x.clusterId === clusterId);
  if (relevant.length === 0) return () => false;
  return (f) => relevant.some((x) => selects(x, f));
}

/** The ids of the (active) exceptions that cover the finding, in the order given. */
export function coveringIds<X extends ExceptionSelector & { id: string }>(
  exceptions: X[],
  clusterId: string,
): (f: Matchable) => string[] {
  const relevant = exceptions.filter((x) => x.clusterId === null || x.clusterId === clusterId);
  return (f) => relevant.filter((x) => selects(x, f)).map((x) => x.id);
}

/**
 * Per rule, the open findings exceptions cover and which exceptions: what an evaluation records
 * so that a compliance report of any moment reads accepted risks from evaluations alone.
 */
export function acceptedCounts(
  findings: readonly Matchable[],
  covering: (f: Matchable) => string[],
): Record<string, { findings: number; exceptions: string[] }> {
  const counts: Record<string, { findings: number; exceptions: Set<string> }> = {};
  for (const f of findings) {
    const ids = covering(f);
    if (ids.length === 0) continue;
    const entry = (counts[f.ruleId] ??= { findings: 0, exceptions: new Set() });
    entry.findings += 1;
    for (const id of ids) entry.exceptions.add(id);
  }
  return Object.fromEntries(
    Object.entries(counts).map(([ruleId, c]) => [
      ruleId,
      { findings: c.findings, exceptions: [...c.exceptions].sort() },
    ]),
  );
}
