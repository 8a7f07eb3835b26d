import { type OrgScope, type Scope, scopeOf } from '../auth/scope';
import { Inject, Injectable } from '@nestjs/common';
import { renderManifests } from '@kubeward/agent/manifests';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { isUuid } from '../../infra/ids';
import { hashToken, newToken, tokenPrefix } from '../../infra/secrets';
import { ClusterError } from './clusters.errors';
import { ReevaluationRateLimiter } from './reevaluation-rate-limiter';
import { RetentionService } from '../retention/retention.service';
import { AuditRepository, type AuditEntry } from '../audit/audit.repository';
import { RefusalAuditService } from '../audit/refusal-audit.service';
import { SnapshotOutboxService } from '../snapshots/snapshot-outbox.service';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { actorRef, type Principal } from '../auth/principal';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ClustersRepository } from './clusters.repository';
import { DeletionsRepository } from '../deletions/deletions.repository';

export interface AgentIdentity {
  clusterId: string;
  organizationId: OrgScope;
  tokenId: string;
  /** The content hash and agent version of the cluster's newest snapshot (by collection time). */
  newest?: { contentHash: string; agentVersion: string | null };
}

type Actor = AuditEntry['actor'];
const SYSTEM: Actor = { type: 'SYSTEM' };

@Injectable()
export class ClustersService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clusters: ClustersRepository,
    private readonly audit: AuditRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly outbox: SnapshotOutboxService,
    private readonly reevaluations: ReevaluationRateLimiter,
    private readonly deletions: DeletionsRepository,
    private readonly refusals: RefusalAuditService,
    private readonly retention: RetentionService,
  ) {}

  /**
   * Deletes the cluster: hidden at once (its agent refused, its findings and history gone from
   * every query, webhook filters narrowed), its history removed in the background (PurgeService).
   */
  async delete(principal: Principal, clusterId: string): Promise<boolean> {
    await this.assertOwned(principal, clusterId);
    await this.clusters.transaction(async (tx) => {
      const name = await this.deletions.hideCluster(tx, principal.organizationId, clusterId, actorRef(principal.actor));
      if (name === null) throw ClusterError.notFound();
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'cluster.delete',
          target: { type: 'Cluster', id: clusterId },
          details: { name },
        },
        tx,
      );
    });
    return true;
  }

  /**
   * Evaluates the cluster's newest snapshot again (after a settings change or an exception):
   * queued as a copy of it, so history keeps one evaluation per snapshot row.
   */
  async requestReevaluation(principal: Principal, clusterId: string): Promise<string> {
    await this.assertOwned(principal, clusterId);
    await this.reevaluations.consume(clusterId);
    const copy = await this.clusters.transaction(async (tx) => {
      const row = await this.snapshots.copyNewest(clusterId, `reevaluation-${randomUUID()}`, tx);
      if (!row) throw ClusterError.nothingToEvaluate();
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'cluster.requestReevaluation',
          target: { type: 'Cluster', id: clusterId },
          details: { snapshotId: row.id },
        },
        tx,
      );
      return row;
    });
    this.outbox.submit(copy.id);
    return copy.id;
  }

  /** Registers a cluster; the agent token is returned once and stored only as a hash. */
  async register(organizationId: OrgScope, name: string, actor: Actor = SYSTEM, teamId: string | null = null) {
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) throw ClusterError.invalidName();
    const token = newToken('kwa');
    const cluster = await this.clusters.transaction(async (tx) => {
      const created = await this.clusters.createWithToken(tx, organizationId, name, teamId, {
        prefix: tokenPrefix(token),
        hash: hashToken(token),
      });
      if (!created) throw ClusterError.nameTaken(name);
      await this.audit.record(
        {
          organizationId,
          actor,
          action: 'cluster.register',
          target: { type: 'Cluster', id: created.id },
          details: { name, teamId },
        },
        tx,
      );
      return created;
    });
    return { cluster: { ...cluster, stale: false }, agentToken: token };
  }

  /**
   * The agent's install manifests for the cluster, its token inside their Secret. Only with
   * PUBLIC_API_URL: the address a request came in on (its Host header, its scheme behind a proxy)
   * is the client's to choose, and an agent told to push there would hand its token to whoever
   * chose it.
   */
  installManifests(clusterName: string, token: string): string {
    const apiUrl = this.config.agent.publicApiUrl;
    if (!apiUrl) throw ClusterError.noPublicApiUrl();
    const caCertificates = this.config.agent.caFile ? readCaFile(this.config.agent.caFile) : undefined;
    return renderManifests({ clusterName, apiUrl, token, image: this.config.agent.image, caCertificates });
  }

  /** A new agent token, shown once; the old one works for the configured grace period. */
  async rotateToken(scope: Scope, clusterId: string, actor: Actor = SYSTEM) {
    await this.assertOwned(scope, clusterId);
    const { organizationId } = scope;
    const token = newToken('kwa');
    const graceUntil = new Date(Date.now() + this.config.ingest.tokenGraceSeconds * 1000);
    await this.clusters.transaction(async (tx) => {
      const row = await this.clusters.rotateToken(
        tx,
        organizationId,
        clusterId,
        { prefix: tokenPrefix(token), hash: hashToken(token) },
        graceUntil,
      );
      if (!row) throw ClusterError.notFound();
      await this.audit.record(
        {
          organizationId,
          actor,
          action: 'cluster.rotateToken',
          target: { type: 'Cluster', id: clusterId },
          details: { previousTokenValidUntil: graceUntil.toISOString() },
        },
        tx,
      );
    });
    return { agentToken: token, previousTokenValidUntil: graceUntil };
  }

  /** Every token of the cluster stops working now; the agent needs a rotated one to push again. */
  async revokeTokens(scope: Scope, clusterId: string, actor: Actor = SYSTEM): Promise<boolean> {
    await this.assertOwned(scope, clusterId);
    const { organizationId } = scope;
    await this.clusters.transaction(async (tx) => {
      if (!(await this.clusters.revokeTokens(tx, organizationId, clusterId, new Date()))) throw ClusterError.notFound();
      await this.audit.record(
        { organizationId, actor, action: 'cluster.revokeTokens', target: { type: 'Cluster', id: clusterId } },
        tx,
      );
    });
    return true;
  }

  /**
   * Whether the scope sees the cluster: its organisation's, and one of its teams' when the scope
   * is a team's (anything else answers like a missing one).
   */
  async owns(scope: Scope, clusterId: string): Promise<boolean> {
    return isUuid(clusterId) && (await this.clusters.exists(scope, clusterId));
  }

  /** Throws NOT_FOUND unless the scope sees the cluster. */
  async assertOwned(scope: Scope, clusterId: string): Promise<void> {
    if (!(await this.owns(scope, clusterId))) throw ClusterError.notFound();
  }

  /** Ids of the live clusters the scope sees. */
  visibleIds(scope: Scope): Promise<string[]> {
    return this.clusters.visibleIds(scope);
  }

  /** The cluster's snapshots whose evaluation failed for good, newest first. */
  async failedSnapshots(scope: Scope, clusterId: string) {
    await this.assertOwned(scope, clusterId);
    return this.snapshots.failed(clusterId, await this.retention.since(scope.organizationId), 50);
  }

  /** The organisation's deleted clusters whose history is still being removed (hide it). */
  deletedIds(organizationId: OrgScope): Promise<string[]> {
    return this.clusters.deletedIds(organizationId);
  }

  async list(scope: Scope) {
    const staleBefore = Date.now() - this.config.clusters.staleAfterMinutes * 60_000;
    return (await this.clusters.list(scope)).map((c) => {
      // A new cluster gets the same time to report as a live one gets between reports.
      const contact = Math.max(
        c.createdAt.getTime(),
        c.lastSnapshotAt?.getTime() ?? 0,
        c.lastHeartbeatAt?.getTime() ?? 0,
      );
      return { ...c, stale: contact < staleBefore };
    });
  }

  /** One cluster as `list` shows it; NOT_FOUND when the scope does not see it. */
  async get(scope: Scope, clusterId: string) {
    const cluster = (await this.list(scope)).find((c) => c.id === clusterId);
    if (!cluster) throw ClusterError.notFound();
    return cluster;
  }

  /** The agent's identity; a known token refused (revoked, expired) is audited in its organisation. */
  async authenticateAgent(token: string | undefined, address?: string): Promise<AgentIdentity> {
    if (!token) throw ClusterError.invalidToken();
    const now = new Date();
    const row = await this.clusters.findToken(hashToken(token), now);
    if (!row || row.refused) {
      this.refusals.credential(
        'agent_token',
        row && {
          organizationId: row.organizationId,
          action: 'agent.refused',
          actor: { type: 'AGENT', id: row.id },
          target: { type: 'Cluster', id: row.clusterId },
          reason: row.refused!,
          address,
          at: now,
        },
      );
      throw ClusterError.invalidToken();
    }
    // Written at most once a minute: a write per agent request would cost more than the request.
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
      await this.clusters.touchToken(row.id, now);
    return {
      clusterId: row.clusterId,
      organizationId: scopeOf(row.organizationId),
      tokenId: row.id,
      newest: row.newestContentHash
        ? { contentHash: row.newestContentHash, agentVersion: row.newestAgentVersion }
        : undefined,
    };
  }
}

/** The CA certificates of AGENT_CA_FILE, or why they cannot be shipped (never the file's path). */
function readCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw ClusterError.agentCaUnreadable(`it cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!/^-----BEGIN CERTIFICATE-----$/m.test(pem)) throw ClusterError.agentCaUnreadable('it holds no PEM certificate');
  return pem;
}
