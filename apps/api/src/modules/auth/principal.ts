import type { Role } from '../../generated/prisma/enums';
import type { OrgScope } from './scope';

/** Who is calling: an API key of one organisation, with its role. */
export interface Principal {
  organizationId: OrgScope;
  apiKeyId: string;
  role: Role;
}

const RANK: Record<Role, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

export const hasRole = (principal: Principal, least: Role): boolean => RANK[principal.role] >= RANK[least];

/** Extracts the token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
