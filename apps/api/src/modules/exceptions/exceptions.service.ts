import type { OrgScope } from '../auth/scope';
import { Injectable } from '@nestjs/common';
import { RULES } from '@kubeward/rules';
import { isUuid } from '../../infra/ids';
import { AuditRepository } from '../audit/audit.repository';
import { actorRef, hasRole, type Principal } from '../auth/principal';
import { ClustersService } from '../clusters/clusters.service';
import type { CreateExceptionInput, ExceptionObject } from './dto/exception.object';
import { ExceptionError } from './exceptions.errors';
import { ExceptionsRepository } from './exceptions.repository';

const RULE_IDS = new Set(RULES.map((r) => r.id));
const YEAR_MS = 366 * 24 * 3600 * 1000;

type Row = Omit<ExceptionObject, 'active'> & { organizationId: string };
const withActive = (row: Row, now = new Date()): ExceptionObject => ({
  ...row,
  active: row.revokedAt === null && row.expiresAt > now,
});

/** Accepted risks: who may accept which, for how long, and the record of it. */
@Injectable()
export class ExceptionsService {
  constructor(
    private readonly exceptions: ExceptionsRepository,
    private readonly audit: AuditRepository,
    private readonly clusters: ClustersService,
  ) {}

  async list(principal: Principal, includeInactive: boolean): Promise<ExceptionObject[]> {
    const now = new Date();
    const deleted = await this.clusters.deletedIds(principal.organizationId);
    // Those of a deleted cluster go with its history.
    const rows = await this.exceptions.list(principal.organizationId, includeInactive, deleted, now);
    // A team sees its clusters' exceptions, and the organisation's that apply to them too.
    const visible = principal.teamIds && new Set(await this.clusters.visibleIds(principal));
    return rows.filter((r) => !visible || !r.clusterId || visible.has(r.clusterId)).map((r) => withActive(r, now));
  }

  /** The organisation's exceptions that apply now, for evaluation (score and alerts). */
  active(organizationId: OrgScope) {
    return this.exceptions.active(organizationId, new Date());
  }

  async create(principal: Principal, input: CreateExceptionInput): Promise<ExceptionObject> {
    const text = (field: string, value: string | undefined, min: number, max: number) => {
      const v = value?.trim();
      if (v === undefined || v === '') {
        if (min > 0) throw ExceptionError.invalid(field, 'is required');
        return null;
      }
      if (v.length < min || v.length > max) throw ExceptionError.invalid(field, `must be ${min} to ${max} characters`);
      return v;
    };
    const selector = {
      clusterId: input.clusterId ?? null,
      ruleId: text('ruleId', input.ruleId, 0, 100),
      namespace: text('namespace', input.namespace, 0, 253),
      resourceKind: text('resourceKind', input.resourceKind, 0, 100),
      resourceName: text('resourceName', input.resourceName, 0, 253),
    };
    if (Object.values(selector).every((v) => v === null)) {
      throw ExceptionError.invalid(
        'selector',
        'name at least one of clusterId, ruleId, namespace, resourceKind (an exception for everything would silence the product)',
      );
    }
    if (selector.ruleId && !RULE_IDS.has(selector.ruleId)) throw ExceptionError.invalid('ruleId', 'is not a rule');
    if (selector.resourceName && !selector.resourceKind) {
      throw ExceptionError.invalid('resourceName', 'needs resourceKind');
    }
    // A rule, kind or namespace excepted everywhere can silence CRITICAL alerts for a year: admins only.
    if (!hasRole(principal, 'ADMIN') && !(selector.clusterId && selector.resourceKind && selector.resourceName)) {
      throw ExceptionError.tooBroad(principal.role);
    }
    const reason = text('reason', input.reason, 10, 2000)!;
    const owner = text('owner', input.owner, 1, 200)!;
    const now = Date.now();
    if (Number.isNaN(input.expiresAt.getTime()) || input.expiresAt.getTime() <= now) {
      throw ExceptionError.invalid('expiresAt', 'must be in the future');
    }
    if (input.expiresAt.getTime() > now + YEAR_MS)
      throw ExceptionError.invalid('expiresAt', 'must be at most a year away');
    if (principal.teamIds !== null && !selector.clusterId) {
      throw ExceptionError.invalid('clusterId', 'is required: a team’s exceptions apply to its own clusters');
    }
    if (selector.clusterId && !(await this.clusters.owns(principal, selector.clusterId))) {
      throw ExceptionError.clusterNotFound(selector.clusterId);
    }
    return this.exceptions.transaction(async (tx) => {
      const row = await this.exceptions.create(tx, {
        organizationId: principal.organizationId,
        ...selector,
        reason,
        owner,
        expiresAt: input.expiresAt,
        createdBy: actorRef(principal.actor),
      });
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'exception.create',
          target: { type: 'Exception', id: row.id },
          details: { ...selector, owner, expiresAt: input.expiresAt.toISOString() },
        },
        tx,
      );
      return withActive(row);
    });
  }

  async revoke(principal: Principal, id: string): Promise<ExceptionObject> {
    const row = isUuid(id) ? await this.exceptions.find(principal.organizationId, id) : null;
    if (!row) throw ExceptionError.notFound(id);
    if (principal.teamIds !== null) {
      if (!row.clusterId || !(await this.clusters.owns(principal, row.clusterId))) throw ExceptionError.notFound(id);
    }
    if (row.revokedAt) return withActive(row);
    return this.exceptions.transaction(async (tx) => {
      const revoked = await this.exceptions.revoke(tx, id, new Date());
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'exception.revoke',
          target: { type: 'Exception', id },
        },
        tx,
      );
      return withActive(revoked);
    });
  }
}
