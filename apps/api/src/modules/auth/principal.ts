import type { Role } from '../../generated/prisma/enums';
import { AuthError } from './auth.errors';
import type { OrgScope } from './scope';

/** Who acts: an API key, or a signed-in user through one of their sessions. */
export type Actor = { type: 'API_KEY'; id: string } | { type: 'USER'; id: string; sessionId: string };

/** Who is calling, in one organisation, with what role over which of its clusters. */
export interface Principal {
  organizationId: OrgScope;
  actor: Actor;
  role: Role;
  /**
   * null: the role holds over the whole organisation. Otherwise it holds only over these teams'
   * clusters and what hangs off them (findings, exceptions, alert endpoints).
   */
  teamIds: readonly string[] | null;
}

const RANK: Record<Role, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

export const hasRole = (principal: { role: Role }, least: Role): boolean => RANK[principal.role] >= RANK[least];

/** The higher of two roles. */
export const higherRole = (a: Role, b: Role): Role => (RANK[a] >= RANK[b] ? a : b);

/** How an actor is written where it outlives its row: "API_KEY:<id>", "USER:<id>". */
export const actorRef = (actor: Actor): string => `${actor.type}:${actor.id}`;

/** Extracts the token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * Refuses a team-scoped principal: what acts on the whole organisation (people, teams, settings)
 * needs an organisation-wide role. Resolvers say it with @RequireOrgWide; services hold it too.
 */
export function assertOrgWide(principal: Principal, action: string): void {
  if (principal.teamIds !== null)
    throw AuthError.forbidden(`${action} (needs an organisation-wide role)`, principal.role);
}
