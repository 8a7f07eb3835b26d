import { Injectable } from '@nestjs/common';
import { isUuid } from '../../infra/ids';
import type { FindingStatus } from '../../generated/prisma/enums';
import type { Principal } from '../auth/principal';
import type { FindingObject } from './dto/finding.object';
import { FindingsError } from './findings.errors';
import { FindingsRepository } from './findings.repository';

@Injectable()
export class FindingsService {
  constructor(private readonly findings: FindingsRepository) {}

  async list(principal: Principal, clusterId: string, status?: FindingStatus): Promise<FindingObject[]> {
    if (!isUuid(clusterId) || !(await this.findings.clusterExists(principal.organizationId, clusterId))) {
      throw FindingsError.clusterNotFound(clusterId);
    }
    const rows = await this.findings.list(principal.organizationId, clusterId, status);
    return rows.map((r) => ({
      id: r.id,
      clusterId: r.clusterId,
      fingerprint: r.fingerprint,
      ruleId: r.ruleId,
      severity: r.severity,
      status: r.status,
      resource: { kind: r.resourceKind, namespace: r.resourceNamespace, name: r.resourceName },
      container: r.container,
      message: r.message,
      paths: r.paths as string[],
      platform: r.platform,
      firstSeenAt: r.firstSeenAt,
      resolvedAt: r.resolvedAt,
      resolutionReason: r.resolutionReason,
      reopenCount: r.reopenCount,
    }));
  }
}
