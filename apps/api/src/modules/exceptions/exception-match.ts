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
export function coveredBy(
  exceptions: ExceptionSelector[],
  clusterId: string,
): (f: { ruleId: string; resource: { kind: string; namespace?: string | null; name: string } }) => boolean {
  const relevant = exceptions.filter((x) => x.clusterId === null || x.clusterId === clusterId);
  if (relevant.length === 0) return () => false;
  return (f) =>
    relevant.some(
      (x) =>
        (x.ruleId === null || x.ruleId === f.ruleId) &&
        (x.namespace === null || x.namespace === (f.resource.namespace ?? null)) &&
        (x.resourceKind === null || x.resourceKind === f.resource.kind) &&
        (x.resourceName === null || x.resourceName === f.resource.name),
    );
}
