import { scopeOf, teamOfNew, type OrgScope } from './scope';
import { Injectable } from '@nestjs/common';
import type { Role } from '../../generated/prisma/enums';
import type { Tx } from '../../infra/prisma/prisma.service';
import { hashToken, newToken, tokenPrefix } from '../../infra/secrets';
import { isUuid } from '../../infra/ids';
import { AuditRepository } from '../audit/audit.repository';
import { RefusalAuditService } from '../audit/refusal-audit.service';
import { AuthError } from './auth.errors';
import { ApiKeysRepository } from './api-keys.repository';
import { hasRole, type Principal } from './principal';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditRepository,
    private readonly refusals: RefusalAuditService,
  ) {}

  list(principal: Principal) {
    return this.keys.list(principal);
  }

  async get(principal: Principal, id: string) {
    const row = isUuid(id) ? await this.keys.find(principal, id) : null;
    if (!row) throw AuthError.keyNotFound(id);
    return row;
  }

  /**
   * A new key for the caller's organisation, at most the caller's own role; a team's key when the
   * caller names one (or acts for one team only), which then sees that team's clusters only.
   */
  async issue(principal: Principal, rawName: string, role: Role, requestedTeam: string | null = null) {
    const name = rawName.trim();
    if (name.length < 1 || name.length > 100) throw AuthError.badKeyName();
    if (!hasRole(principal, role)) throw AuthError.forbidden(`create a ${role} key`, principal.role);
    const chosen = teamOfNew(principal, requestedTeam);
    if ('refused' in chosen) {
      if (chosen.refused === 'several') throw AuthError.teamRequired();
      throw AuthError.teamNotFound(requestedTeam!);
    }
    const { teamId } = chosen;
    if (teamId !== null && !(isUuid(teamId) && (await this.keys.teamExists(principal.organizationId, teamId)))) {
      throw AuthError.teamNotFound(teamId);
    }
    if (teamId !== null && role === 'OWNER') throw AuthError.forbidden('create a team’s OWNER key', principal.role);
    return this.keys.transaction(async (tx) => {
      const created = await this.create(principal.organizationId, name, role, tx, teamId);
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'apiKey.create',
          target: { type: 'ApiKey', id: created.apiKey.id },
          details: { name, role, teamId, prefix: created.apiKey.prefix },
        },
        tx,
      );
      return created;
    });
  }

  /**
   * Revokes a key at once. Not one of a higher role than the caller's, and not the last owner
   * key (the organisation would be left with nobody able to manage it).
   */
  async revoke(principal: Principal, id: string) {
    const key = await this.get(principal, id);
    if (!hasRole(principal, key.role)) throw AuthError.forbidden(`revoke a ${key.role} key`, principal.role);
    if (key.revokedAt) return key;
    return this.keys.transaction(async (tx) => {
      if (key.role === 'OWNER') {
        const owners = await this.keys.activeOwnerIds(principal.organizationId, tx);
        if (owners.length <= 1) throw AuthError.lastOwner();
      }
      const revoked = await this.keys.revoke(key.id, new Date(), tx);
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'apiKey.revoke',
          target: { type: 'ApiKey', id: key.id },
          details: { name: key.name, role: key.role, prefix: key.prefix },
        },
        tx,
      );
      return revoked;
    });
  }

  /** Creates a key; the returned `key` is the only time it exists in clear. */
  async create(organizationId: OrgScope, name: string, role: Role, tx?: Tx, teamId: string | null = null) {
    const key = newToken('kwk');
    const row = await this.keys.create(
      { organizationId, teamId, name, role, prefix: tokenPrefix(key), hash: hashToken(key) },
      tx,
    );
    return { apiKey: row, key };
  }

  /** The key's principal; a revoked key's use is audited in its organisation (`address`: the caller's). */
  async authenticate(key: string | undefined, address?: string): Promise<Principal> {
    if (!key) throw AuthError.unauthenticated();
    const row = await this.keys.findByHash(hashToken(key));
    if (!row || row.revokedAt) {
      this.refusals.credential(
        'api_key',
        row && {
          organizationId: row.organizationId,
          action: 'auth.refused',
          actor: { type: 'API_KEY', id: row.id },
          target: { type: 'ApiKey', id: row.id },
          reason: 'revoked',
          address,
          at: new Date(),
        },
      );
      throw AuthError.unauthenticated('The API key is invalid or has been revoked.');
    }
    await this.keys.touch(row.id, new Date());
    return {
      organizationId: scopeOf(row.organizationId),
      actor: { type: 'API_KEY', id: row.id },
      role: row.role,
      teamIds: row.teamId ? [row.teamId] : null,
    };
  }
}
