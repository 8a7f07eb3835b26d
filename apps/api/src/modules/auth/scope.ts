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
