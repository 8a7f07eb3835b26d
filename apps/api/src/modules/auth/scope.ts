declare const tenant: unique symbol;

/**
 * An organisation's id as only an authenticated caller can have it: the organisation of the API
 * key, agent token or operator action being served, never an id taken from a request's input.
 * Every repository method that reads or writes on behalf of a caller takes one, so a query scoped
 * by something the caller merely named does not compile (docs/architecture.md, "Tenancy").
 */
export type OrgScope = string & { readonly [tenant]: true };

/**
 * The scope of a verified credential (an API key's, an agent token's) or of the operator's
 * action on an organisation it has just found: the only place an id becomes a scope.
 */
export const scopeOf = (verifiedOrganizationId: string): OrgScope => verifiedOrganizationId as OrgScope;

/**
 * What a caller may see of its organisation: all of it (`teamIds` null), or only the clusters of
 * some of its teams and what hangs off them. A Principal is one.
 */
export interface Scope {
  organizationId: OrgScope;
  teamIds: readonly string[] | null;
}

/** The whole organisation: for what Kubeward does itself, or the operator. */
export const wholeOrganization = (organizationId: OrgScope): Scope => ({ organizationId, teamIds: null });

/** Prisma's where for the clusters a scope sees. */
export const visibleClusters = (scope: Scope) => ({
  organizationId: scope.organizationId,
  ...(scope.teamIds ? { teamId: { in: [...scope.teamIds] } } : {}),
});

/**
 * The team a caller's new cluster, key or endpoint belongs to: the one named, if the scope may
 * name it; else a team-scoped caller's only team; else the organisation's (null). Whether a named
 * team exists is the caller's to check.
 */
export function teamOfNew(
  scope: Scope,
  requested: string | null,
): { teamId: string | null } | { refused: 'not-yours' | 'several' } {
  if (requested !== null) {
    return scope.teamIds === null || scope.teamIds.includes(requested)
      ? { teamId: requested }
      : { refused: 'not-yours' };
  }
  if (scope.teamIds === null) return { teamId: null };
  return scope.teamIds.length === 1 ? { teamId: scope.teamIds[0]! } : { refused: 'several' };
}
