import { Injectable } from '@nestjs/common';
import type { Role } from '../../generated/prisma/enums';
import type { Tx } from '../../infra/prisma/prisma.service';
import { hashToken, newToken, tokenPrefix } from '../../infra/secrets';
import { AuthError } from './auth.errors';
import { ApiKeysRepository } from './api-keys.repository';
import type { Principal } from './principal';

@Injectable()
export class ApiKeysService {
  constructor(private readonly keys: ApiKeysRepository) {}

  /** Creates a key; the returned `key` is the only time it exists in clear. */
  async create(organizationId: string, name: string, role: Role, tx?: Tx) {
    const key = newToken('kwk');
    const row = await this.keys.create(
      { organizationId, name, role, prefix: tokenPrefix(key), hash: hashToken(key) },
      tx,
    );
    return { apiKey: row, key };
  }

  async authenticate(key: string | undefined): Promise<Principal> {
    if (!key) throw AuthError.unauthenticated();
    const row = await this.keys.findActiveByHash(hashToken(key));
    if (!row) throw AuthError.unauthenticated('The API key is invalid or has been revoked.');
    await this.keys.touch(row.id, new Date());
    return { organizationId: row.organizationId, apiKeyId: row.id, role: row.role };
  }
}
