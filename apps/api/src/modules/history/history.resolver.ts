import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { FindingObject } from '../findings/dto/finding.object';
import {
  DriftObject,
  EvaluationConnection,
  FindingEventObject,
  ObjectChangeConnection,
  TrendBucket,
  TrendPointObject,
} from './dto/history.objects';
import { HistoryRepository } from './history.repository';
import { RuleObject } from '../catalogue/rule.object';
import { ruleById } from '../catalogue/catalogue';
import { DateTime } from '../../infra/graphql/date-time.scalar';
import { pageSize } from '../../infra/graphql/pagination';

const clusterArg = { type: () => ID, description: 'The cluster.' };
const firstArg = { type: () => Int, nullable: true, description: 'Page size: 1 to 200, 50 by default.' };
const afterArg = { nullable: true, description: 'The `endCursor` of the previous page.' };

@Resolver(() => FindingObject)
@UseGuards(ApiKeyGuard)
export class HistoryResolver {
  constructor(private readonly history: HistoryRepository) {}

  @Query(() => FindingObject, { description: 'One finding, with its timeline (`events`).' })
  finding(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The finding.' }) id: string,
  ): Promise<FindingObject> {
    return this.history.finding(principal, id);
  }

  @ResolveField(() => [FindingEventObject], {
    description: 'Its life, oldest first: each opening, resolution and reopening, with what caused each opening.',
  })
  events(@CurrentPrincipal() principal: Principal, @Parent() finding: FindingObject): Promise<FindingEventObject[]> {
    return this.history.events(principal.organizationId, finding.id);
  }

  @ResolveField(() => FindingObject, {
    nullable: true,
    description:
      'When several rules report one cause (a service account whose token can read every Secret: the pod that mounts it, ' +
      'the automounted token, the binding), the finding to read first; null for that one and for a finding alone.',
  })
  primary(@CurrentPrincipal() principal: Principal, @Parent() finding: FindingObject): Promise<FindingObject | null> {
    return this.history.primary(principal, finding);
  }

  @ResolveField(() => [FindingObject], {
    description: 'The open findings of the same cause that have this one as their primary, most severe first.',
  })
  related(
    @CurrentPrincipal() principal: Principal,
    @Parent() finding: FindingObject,
    @Args('first', { type: () => Int, nullable: true, description: 'At most this many: 1 to 200, 50 by default.' })
    first?: number,
  ): Promise<FindingObject[]> {
    return this.history.related(principal, finding, pageSize(first));
  }

  @ResolveField(() => RuleObject, { description: 'The rule that raised it: why it matters and how to fix it.' })
  rule(@Parent() finding: FindingObject): RuleObject {
    return ruleById(finding.ruleId);
  }

  @Query(() => DriftObject, {
    description:
      'What changed in a cluster between two times: findings opened, resolved, reopened; objects added, modified, removed.',
  })
  drift(
    @CurrentPrincipal() principal: Principal,
    @Args('clusterId', clusterArg) clusterId: string,
    @Args('from', { type: () => DateTime, description: 'Start (excluded).' }) from: Date,
    @Args('to', { type: () => DateTime, description: 'End (included).' }) to: Date,
    @Args('limit', {
      type: () => Int,
      defaultValue: 100,
      description: 'Each list stops at this many entries (1 to 500); `counts` has the totals.',
    })
    limit: number,
  ): Promise<DriftObject> {
    return this.history.drift(principal, clusterId, from, to, limit);
  }

  @Query(() => ObjectChangeConnection, { description: "A cluster's object changes, newest first." })
  objectChanges(
    @CurrentPrincipal() principal: Principal,
    @Args('clusterId', clusterArg) clusterId: string,
    @Args('from', { type: () => DateTime, nullable: true, description: 'After this time.' }) from?: Date,
    @Args('to', { type: () => DateTime, nullable: true, description: 'At or before this time.' }) to?: Date,
    @Args('first', firstArg) first?: number,
    @Args('after', afterArg) after?: string,
  ): Promise<ObjectChangeConnection> {
    return this.history.objectChanges(principal, clusterId, { from, to, first, after });
  }

  @Query(() => EvaluationConnection, { description: "A cluster's evaluations, newest first." })
  evaluations(
    @CurrentPrincipal() principal: Principal,
    @Args('clusterId', clusterArg) clusterId: string,
    @Args('first', firstArg) first?: number,
    @Args('after', afterArg) after?: string,
  ): Promise<EvaluationConnection> {
    return this.history.evaluations(principal, clusterId, { first, after });
  }

  @Query(() => [TrendPointObject], {
    description: "A cluster's posture score and open findings over time (at most 2,000 points).",
  })
  postureTrend(
    @CurrentPrincipal() principal: Principal,
    @Args('clusterId', clusterArg) clusterId: string,
    @Args('from', { type: () => DateTime, description: 'Start (excluded).' }) from: Date,
    @Args('to', { type: () => DateTime, description: 'End (included).' }) to: Date,
    @Args('bucket', {
      type: () => TrendBucket,
      defaultValue: TrendBucket.EVALUATION,
      description: 'One point per evaluation, hour or day.',
    })
    bucket: TrendBucket,
  ): Promise<TrendPointObject[]> {
    return this.history.trend(principal, clusterId, from, to, bucket);
  }
}
