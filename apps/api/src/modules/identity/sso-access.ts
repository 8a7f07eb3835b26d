import type { Role } from '../../generated/prisma/enums';
import { higherRole } from '../auth/principal';

export interface Access {
  role: Role;
  /** Null: over the whole organisation; otherwise only these teams' clusters. */
  teamIds: string[] | null;
}

/** What a membership grants, as an Access. */
export const accessOfMembership = (m: { role: Role; teamScoped: boolean; teams: { teamId: string }[] }): Access => ({
  role: m.role,
  teamIds: m.teamScoped ? m.teams.map((t) => t.teamId) : null,
});

/** An identity-provider group and what it grants: a role over the organisation, or over one team. */
export interface GroupMapping {
  group: string;
  role: Exclude<Role, 'OWNER'>;
  teamId?: string | null;
}

/**
 * What the user's groups grant: the highest role of the organisation-wide mappings that match;
 * failing any, the highest role of the team mappings that match, over those teams. Null when no
 * mapping matches.
 */
export function accessFromGroups(groups: readonly string[], mappings: readonly GroupMapping[]): Access | null {
  const held = new Set(groups);
  const matched = mappings.filter((m) => held.has(m.group));
  const orgWide = matched.filter((m) => !m.teamId);
  if (orgWide.length > 0) return { role: orgWide.map((m): Role => m.role).reduce(higherRole), teamIds: null };
  if (matched.length === 0) return null;
  return {
    role: matched.map((m): Role => m.role).reduce(higherRole),
    teamIds: [...new Set(matched.map((m) => m.teamId!))].sort(),
  };
}

export type SsoDecision =
  { access: Access; source: 'owner' | 'groups' | 'invitation' | 'existing' | 'default' } | { refused: string };

/**
 * What a user the provider vouched for becomes in the organisation. Owners are made in Kubeward,
 * never by a provider, and stay owners. With group mappings the provider is the authority: the
 * groups decide, an invitation grants what it says, and a member whose groups no longer match
 * is refused. Without mappings members keep their role, an invitation grants its own, and
 * anyone else gets the default role if there is one.
 */
export function decideSsoAccess(input: {
  existing: Access | null;
  invitation: Access | null;
  groups: readonly string[];
  mappings: readonly GroupMapping[];
  defaultRole: Role | null;
}): SsoDecision {
  if (input.existing?.role === 'OWNER') return { access: input.existing, source: 'owner' };
  if (input.mappings.length > 0) {
    const granted = accessFromGroups(input.groups, input.mappings);
    if (granted) return { access: granted, source: 'groups' };
    if (input.invitation) return { access: input.invitation, source: 'invitation' };
    return { refused: 'your groups at the identity provider grant no role in this organisation' };
  }
  if (input.invitation) return { access: input.invitation, source: 'invitation' };
  if (input.existing) return { access: input.existing, source: 'existing' };
  if (input.defaultRole) return { access: { role: input.defaultRole, teamIds: null }, source: 'default' };
  return { refused: 'you are not a member of this organisation; ask an admin for an invitation' };
}

/** Whether the address may sign in through a provider limited to these domains (none: any). */
export const domainAllowed = (email: string, domains: readonly string[]): boolean =>
  domains.length === 0 || domains.includes(email.slice(email.lastIndexOf('@') + 1));
