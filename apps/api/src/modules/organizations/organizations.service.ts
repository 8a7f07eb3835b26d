import { scopeOf } from '../auth/scope';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { randomBytes } from 'node:crypto';
import { AuditRepository } from '../audit/audit.repository';
import { PeopleRepository } from '../identity/people.repository';
import { ApiKeysService } from '../auth/api-keys.service';
import { RULES } from '@kubeward/rules';
import { AuthError } from '../auth/auth.errors';
import { hasRole, type Principal } from '../auth/principal';
import type { OrganizationSettingsObject, UpdateOrganizationSettingsInput } from './dto/settings.object';
import { organizationSettings, parseSettings, type OrganizationSettings } from './organization-settings';
import type { Tx } from '../../infra/prisma/prisma.service';
import { OrganizationError } from './organizations.errors';
import { effectiveRetentionDays, retentionProblem } from '../retention/retention';

const RULE_IDS = new Set(RULES.map((r) => r.id));

const toSettingsObject = (
  s: OrganizationSettings,
  retention: { chosen: number | null; defaultDays: number },
): OrganizationSettingsObject => ({
  trustedRegistries: s.trustedRegistries,
  minimalImages: s.minimalImages,
  immutableTagImages: s.immutableTagImages,
  severityOverrides: Object.entries(s.severityOverrides).map(([ruleId, severity]) => ({ ruleId, severity })),
  alertOnPlatformFindings: s.alertOnPlatformFindings,
  dormantAccountDays: s.dormantAccountDays,
  historyRetentionDays: effectiveRetentionDays(retention.chosen, retention.defaultDays),
  historyRetentionIsDefault: retention.chosen === null,
});
import { OrganizationsRepository } from './organizations.repository';

@Injectable()
export class OrganizationsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly organizations: OrganizationsRepository,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditRepository,
    private readonly people: PeopleRepository,
  ) {}

  get(id: string) {
    return this.organizations.find(id);
  }

  async settings(organizationId: string): Promise<OrganizationSettingsObject> {
    const org = await this.organizations.find(organizationId);
    return toSettingsObject(parseSettings(org.settings), this.retentionOf(org.historyRetentionDays));
  }

  private retentionOf(chosen: number | null) {
    return { chosen, defaultDays: this.config.retention.history };
  }

  /** Changes the settings; they apply from the next evaluation (see requestReevaluation). */
  async updateSettings(
    principal: Principal,
    input: UpdateOrganizationSettingsInput,
  ): Promise<OrganizationSettingsObject> {
    const overrides = input.severityOverrides;
    const unknown = overrides?.find((o) => !RULE_IDS.has(o.ruleId));
    if (unknown) throw OrganizationError.invalidSetting('severityOverrides', `"${unknown.ruleId}" is not a rule`);
    if (overrides && new Set(overrides.map((o) => o.ruleId)).size !== overrides.length) {
      throw OrganizationError.invalidSetting('severityOverrides', 'names a rule twice');
    }
    const retention = input.historyRetentionDays;
    // How much history is kept is the owners' call: a shorter period puts history out of reach.
    if (retention !== undefined && !hasRole(principal, 'OWNER')) {
      throw AuthError.forbidden('change how long history is kept', principal.role);
    }
    const retentionWhy =
      retention === undefined || retention === null
        ? null
        : retentionProblem(retention, this.config.retention.historyBounds);
    if (retentionWhy) throw OrganizationError.invalidSetting('historyRetentionDays', retentionWhy);
    return this.organizations.transaction(async (tx) => {
      const org = await this.organizations.find(principal.organizationId);
      const current = parseSettings(org.settings);
      const candidate = {
        ...current,
        ...(input.trustedRegistries ? { trustedRegistries: input.trustedRegistries.map((r) => r.trim()) } : {}),
        ...(input.minimalImages ? { minimalImages: input.minimalImages.map((r) => r.trim()) } : {}),
        ...(input.immutableTagImages ? { immutableTagImages: input.immutableTagImages.map((r) => r.trim()) } : {}),
        ...(overrides ? { severityOverrides: Object.fromEntries(overrides.map((o) => [o.ruleId, o.severity])) } : {}),
        ...(typeof input.alertOnPlatformFindings === 'boolean'
          ? { alertOnPlatformFindings: input.alertOnPlatformFindings }
          : {}),
        ...(typeof input.dormantAccountDays === 'number' ? { dormantAccountDays: input.dormantAccountDays } : {}),
      };
      const parsed = organizationSettings.safeParse(candidate);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw OrganizationError.invalidSetting(issue.path.join('.'), issue.message);
      }
      const retentionAfter = retention === undefined ? org.historyRetentionDays : retention;
      await this.organizations.saveSettings(principal.organizationId, parsed.data, retentionAfter, tx);
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'organization.updateSettings',
          target: { type: 'Organization', id: principal.organizationId },
          details: {
            before: { ...current, historyRetentionDays: org.historyRetentionDays },
            after: { ...parsed.data, historyRetentionDays: retentionAfter },
          },
        },
        tx,
      );
      return toSettingsObject(parsed.data, this.retentionOf(retentionAfter));
    });
  }

  /** Creates an organisation with its first owner key (returned once, in clear). */
  create(rawName: string) {
    return this.createOrganization(rawName, 'createOrganization').then(withKey);
  }

  /** A signed-up user's own organisation (self-service): they are its owner; no key is made. */
  async createForUser(rawName: string, userId: string) {
    const { organization } = await this.createOrganization(rawName, 'selfService', undefined, userId);
    return organization;
  }

  /**
   * The first organisation of a new installation and its owner key (the admin command
   * `bootstrap`): refused once any organisation exists, so the command cannot mint owner keys
   * later, and two run at once create one.
   */
  bootstrap(rawName: string) {
    return this.createOrganization(rawName, 'bootstrap', async (tx) => {
      const existing = await this.organizations.countForBootstrap(tx);
      if (existing > 0) throw OrganizationError.alreadyBootstrapped(existing);
    }).then(withKey);
  }

  private createOrganization(
    rawName: string,
    via: 'createOrganization' | 'bootstrap' | 'selfService',
    check?: (tx: Tx) => Promise<void>,
    ownerUserId?: string,
  ) {
    const name = rawName.trim();
    if (name.length < 1 || name.length > 100) throw OrganizationError.invalidName();
    const base = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40);
    const slug = `${base || 'org'}-${randomBytes(3).toString('hex')}`;
    return this.organizations.transaction(async (tx) => {
      await check?.(tx);
      const organization = await this.organizations.create({ name, slug }, tx);
      if (ownerUserId) {
        const owner = await this.people.addMember(
          { organizationId: organization.id, userId: ownerUserId, role: 'OWNER', teamScoped: false, teamIds: [] },
          tx,
        );
        await this.audit.record(
          {
            organizationId: organization.id,
            actor: { type: 'USER', id: ownerUserId },
            action: 'organization.create',
            target: { type: 'Organization', id: organization.id },
            details: { name, ownerMembershipId: owner.id, via },
          },
          tx,
        );
        return { organization, ownerKey: null };
      }
      // The organisation the operator just created: its first key is scoped to it.
      const { key, apiKey } = await this.apiKeys.create(scopeOf(organization.id), 'owner', 'OWNER', tx);
      await this.audit.record(
        {
          organizationId: organization.id,
          actor: { type: 'OPERATOR' },
          action: 'organization.create',
          target: { type: 'Organization', id: organization.id },
          details: { name, ownerKeyId: apiKey.id, ownerKeyPrefix: apiKey.prefix, via },
        },
        tx,
      );
      return { organization, ownerKey: key };
    });
  }
}

/** An organisation made with an owner key (by the operator), not for a user. */
function withKey<T extends { ownerKey: string | null }>(created: T): T & { ownerKey: string } {
  if (created.ownerKey === null) throw new Error('an organisation made for the operator has an owner key');
  return { ...created, ownerKey: created.ownerKey };
}
