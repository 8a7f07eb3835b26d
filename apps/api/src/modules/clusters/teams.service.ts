import { Injectable } from '@nestjs/common';
import { DomainError } from '../../infra/errors';
import { isUuid } from '../../infra/ids';
import { AuditRepository } from '../audit/audit.repository';
import { AuthError } from '../auth/auth.errors';
import { assertOrgWide, type Principal } from '../auth/principal';
import { teamOfNew } from '../auth/scope';
import { ClusterError } from './clusters.errors';
import { ClustersRepository } from './clusters.repository';
import { TeamsRepository } from './teams.repository';

const notFound = (id: string) => AuthError.teamNotFound(id);

function checkName(raw: string): string {
  const name = raw.trim();
  if (name.length < 1 || name.length > 100) {
    throw new DomainError('BAD_USER_INPUT', 'name: must be 1 to 100 characters.', { field: 'name' });
  }
  return name;
}

function checkDescription(raw: string): string {
  if (raw.length > 500) {
    throw new DomainError('BAD_USER_INPUT', 'description: must be at most 500 characters.', { field: 'description' });
  }
  return raw;
}

/** Teams own clusters; their members and keys see only those (docs/identity.md, "Teams"). */
@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly clusters: ClustersRepository,
    private readonly audit: AuditRepository,
  ) {}

  list(principal: Principal) {
    return this.teams.list(principal);
  }

  async get(principal: Principal, id: string) {
    const team = isUuid(id) ? await this.teams.find(principal, id) : null;
    if (!team) throw notFound(id);
    return team;
  }

  async create(principal: Principal, rawName: string, description = '') {
    assertOrgWide(principal, 'create teams');
    const name = checkName(rawName);
    return this.teams.transaction(async (tx) => {
      const team = await this.teams.create(principal.organizationId, name, checkDescription(description), tx);
      if (!team) throw new DomainError('CONFLICT', `name: a team named "${name}" exists already.`, { field: 'name' });
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'team.create',
          target: { type: 'Team', id: team.id },
          details: { name },
        },
        tx,
      );
      return team;
    });
  }

  async update(principal: Principal, id: string, input: { name?: string | null; description?: string | null }) {
    assertOrgWide(principal, 'change teams');
    const team = await this.get(principal, id);
    const data = {
      ...(input.name != null ? { name: checkName(input.name) } : {}),
      ...(input.description != null ? { description: checkDescription(input.description) } : {}),
    };
    return this.teams.transaction(async (tx) => {
      const updated = await this.teams.update(team.id, data, tx);
      if (!updated)
        throw new DomainError('CONFLICT', `name: a team named "${data.name}" exists already.`, { field: 'name' });
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'team.update',
          target: { type: 'Team', id: team.id },
          details: data,
        },
        tx,
      );
      return updated;
    });
  }

  /** Deletes a team that owns no cluster nor alert endpoint; its API keys stop working with it. */
  async delete(principal: Principal, id: string) {
    assertOrgWide(principal, 'delete teams');
    const team = await this.get(principal, id);
    await this.teams.transaction(async (tx) => {
      const held = await this.teams.holdings(team.id, tx);
      if (held.clusters > 0 || held.endpoints > 0) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `id: the team owns ${held.clusters} cluster(s) and ${held.endpoints} alert endpoint(s) are its own or routed to it; give them to another team (assignCluster), change or delete them first.`,
          { field: 'id' },
        );
      }
      await this.teams.delete(team.id, tx);
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'team.delete',
          target: { type: 'Team', id: team.id },
          details: { name: team.name },
        },
        tx,
      );
    });
    return team;
  }

  /**
   * The team a new cluster (or key, or endpoint) of the caller belongs to: the one named, if the
   * caller sees it; for a team's member who names none, their team when they have only one.
   */
  async ownerFor(principal: Principal, teamId: string | null): Promise<string | null> {
    const chosen = teamOfNew(principal, teamId);
    if ('refused' in chosen) {
      if (chosen.refused === 'several') throw AuthError.teamRequired();
      throw notFound(teamId!);
    }
    return chosen.teamId === null ? null : (await this.get(principal, chosen.teamId)).id;
  }

  async assignCluster(principal: Principal, clusterId: string, teamId: string | null): Promise<void> {
    assertOrgWide(principal, 'give clusters to teams');
    if (teamId !== null) await this.get(principal, teamId);
    if (!isUuid(clusterId)) throw ClusterError.notFound();
    await this.teams.transaction(async (tx) => {
      if (!(await this.clusters.assignTeam(principal.organizationId, clusterId, teamId, tx)))
        throw ClusterError.notFound();
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'cluster.assign',
          target: { type: 'Cluster', id: clusterId },
          details: { teamId },
        },
        tx,
      );
    });
  }
}
