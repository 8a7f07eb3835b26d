import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireOrgWide, RequireRole } from '../auth/require-role.decorator';
import { ClusterObject, ClusterRegistration, FailedSnapshotObject, TokenRotation } from './dto/cluster.object';
import { ClustersService } from './clusters.service';
import { TeamsService } from './teams.service';

@Resolver(() => ClusterObject)
@UseGuards(ApiKeyGuard)
export class ClustersResolver {
  constructor(
    private readonly clustersService: ClustersService,
    private readonly teams: TeamsService,
  ) {}

  @Query(() => [ClusterObject], { description: "The organisation's clusters, by name." })
  clusters(@CurrentPrincipal() principal: Principal): Promise<ClusterObject[]> {
    return this.clustersService.list(principal);
  }

  @Query(() => ClusterObject, { description: 'One cluster of the organisation.' })
  cluster(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The cluster.' }) id: string,
  ): Promise<ClusterObject> {
    return this.clustersService.get(principal, id);
  }

  @Query(() => [FailedSnapshotObject], {
    description:
      "The cluster's snapshots whose evaluation failed for good, newest first (at most 50); kubeward_snapshots_failed_total counts them.",
  })
  failedSnapshots(
    @CurrentPrincipal() principal: Principal,
    @Args('clusterId', { type: () => ID, description: 'The cluster.' }) clusterId: string,
  ): Promise<FailedSnapshotObject[]> {
    return this.clustersService.failedSnapshots(principal, clusterId);
  }

  @Mutation(() => ClusterRegistration, {
    description: 'Registers a cluster (owned by a team, or by nobody) and returns its agent token once. Admins.',
  })
  @RequireRole('ADMIN')
  async registerCluster(
    @CurrentPrincipal() principal: Principal,
    @Args('name', { description: 'A DNS-label name, unique in the organisation.' }) name: string,
    @Args('teamId', {
      type: () => ID,
      nullable: true,
      description: 'The team that owns it; a team’s admin may omit it when they have one team.',
    })
    teamId?: string | null,
  ): Promise<ClusterRegistration> {
    const owner = await this.teams.ownerFor(principal, teamId ?? null);
    return this.clustersService.register(principal.organizationId, name, principal, owner);
  }

  @Mutation(() => ClusterObject, {
    description: 'Gives the cluster to a team (or to nobody: null), with its findings and history. Org-wide admins.',
  })
  @RequireRole('ADMIN')
  @RequireOrgWide()
  async assignCluster(
    @CurrentPrincipal() principal: Principal,
    @Args('clusterId', { type: () => ID, description: 'The cluster.' }) clusterId: string,
    @Args('teamId', { type: () => ID, nullable: true, description: 'The team; null for none.' })
    teamId: string | null,
  ): Promise<ClusterObject> {
    await this.teams.assignCluster(principal, clusterId, teamId ?? null);
    return (await this.clustersService.list(principal)).find((c) => c.id === clusterId)!;
  }

  @Mutation(() => TokenRotation, {
    description: 'Issues a new agent token; the previous one keeps working for the grace period. Admins.',
  })
  @RequireRole('ADMIN')
  async rotateClusterToken(
    @CurrentPrincipal() principal: Principal,
    @Args('clusterId', { type: () => ID, description: 'The cluster whose token to rotate.' }) clusterId: string,
  ): Promise<TokenRotation> {
    const rotation = await this.clustersService.rotateToken(principal, clusterId, principal);
    return { ...rotation, clusterName: (await this.clustersService.get(principal, clusterId)).name };
  }

  @Mutation(() => Boolean, {
    description: 'Deletes the cluster with its whole history; its agent is refused from then on. Admins.',
  })
  @RequireRole('ADMIN')
  deleteCluster(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The cluster to delete.' }) id: string,
  ): Promise<boolean> {
    return this.clustersService.delete(principal, id);
  }

  @Mutation(() => ID, {
    description:
      'Evaluates the newest snapshot again (after changing settings or exceptions); returns the id of the queued snapshot. Members.',
  })
  @RequireRole('MEMBER')
  requestReevaluation(
    @CurrentPrincipal() principal: Principal,
    @Args('clusterId', { type: () => ID, description: 'The cluster.' }) clusterId: string,
  ): Promise<string> {
    return this.clustersService.requestReevaluation(principal, clusterId);
  }

  @Mutation(() => Boolean, { description: 'Revokes every agent token of the cluster at once. Admins.' })
  @RequireRole('ADMIN')
  revokeClusterToken(
    @CurrentPrincipal() principal: Principal,
    @Args('clusterId', { type: () => ID, description: 'The cluster whose tokens to revoke.' }) clusterId: string,
  ): Promise<boolean> {
    return this.clustersService.revokeTokens(principal, clusterId, principal);
  }
}

@Resolver(() => ClusterRegistration)
export class ClusterRegistrationResolver {
  constructor(private readonly clustersService: ClustersService) {}

  @ResolveField(() => String, {
    nullable: true,
    description:
      'The agent install manifests for this cluster (namespace, read-only RBAC, token Secret, Deployment, ' +
      'NetworkPolicy), ready for `kubectl apply -f -`. They contain the token: treat them as a secret. Null, with an ' +
      'UNAVAILABLE error, while the server has no PUBLIC_API_URL (the cluster and its token are registered all the same).',
  })
  installManifests(@Parent() registration: ClusterRegistration): string {
    return this.clustersService.installManifests(registration.cluster.name, registration.agentToken);
  }
}

@Resolver(() => TokenRotation)
export class TokenRotationResolver {
  constructor(private readonly clustersService: ClustersService) {}

  @ResolveField(() => String, {
    nullable: true,
    description:
      'The agent install manifests with the new token, to apply in place of the old ones. A secret, like the token. ' +
      'Null, with an UNAVAILABLE error, while the server has no PUBLIC_API_URL.',
  })
  installManifests(@Parent() rotation: TokenRotation): string {
    return this.clustersService.installManifests(rotation.clusterName, rotation.agentToken);
  }
}
