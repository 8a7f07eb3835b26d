import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { ApiKeysService } from '../auth/api-keys.service';
import { OrganizationError } from './organizations.errors';
import { OrganizationsRepository } from './organizations.repository';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
  ) {}

  get(id: string) {
    return this.organizations.find(id);
  }

  /** Creates an organisation with its first owner key (returned once, in clear). */
  create(rawName: string) {
    const name = rawName.trim();
    if (name.length < 1 || name.length > 100) throw OrganizationError.invalidName();
    const base = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40);
    const slug = `${base || 'org'}-${randomBytes(3).toString('hex')}`;
    return this.organizations.transaction(async (tx) => {
      const organization = await this.organizations.create({ name, slug }, tx);
      const { key, apiKey } = await this.apiKeys.create(organization.id, 'owner', 'OWNER', tx);
      await this.audit.record(
        {
          organizationId: organization.id,
          actor: { type: 'OPERATOR' },
          action: 'organization.create',
          target: { type: 'Organization', id: organization.id },
          details: { name, ownerKeyId: apiKey.id, ownerKeyPrefix: apiKey.prefix },
        },
        tx,
      );
      return { organization, ownerKey: key };
    });
  }
}
