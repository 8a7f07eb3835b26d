import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DateTime } from '../../infra/graphql/date-time.scalar';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { FindingConnection } from '../findings/dto/finding.connection';
import { type FindingPage, FindingsService } from '../findings/findings.service';
import {
  ComplianceDayObject,
  ComplianceReportObject,
  ControlDayObject,
  ControlResultObject,
} from './compliance.objects';
import { type ComplianceDay, ComplianceService } from './compliance.service';

@Resolver(() => ComplianceReportObject)
@UseGuards(ApiKeyGuard)
export class ComplianceResolver {
  constructor(private readonly compliance: ComplianceService) {}

  @Query(() => ComplianceReportObject, {
    description:
      "A framework's controls over the organisation's clusters (or those named), now or at a past moment (`at`): " +
      'each control passing, failing with its resources, accepted as a risk, not evaluable with why, or manual.',
  })
  complianceReport(
    @CurrentPrincipal() principal: Principal,
    @Args('framework', { description: 'The framework id, as in `frameworks`, e.g. cis-1.10.' }) framework: string,
    @Args('clusterIds', {
      type: () => [ID],
      nullable: true,
      description: 'Only these clusters; all visible by default.',
    })
    clusterIds?: string[],
    @Args('at', {
      type: () => DateTime,
      nullable: true,
      description: 'Describe this moment, from the history; now by default.',
    })
    at?: Date,
  ): Promise<ComplianceReportObject> {
    return this.compliance.report(principal, { framework, clusterIds, at });
  }

  @Query(() => [ComplianceDayObject], {
    description:
      "A framework's percentage day by day: the end of each UTC day, the last point now (or `to`), judged as `complianceReport` judges a moment.",
  })
  async complianceTrend(
    @CurrentPrincipal() principal: Principal,
    @Args('framework', { description: 'The framework id, as in `frameworks`.' }) framework: string,
    @Args('clusterIds', {
      type: () => [ID],
      nullable: true,
      description: 'Only these clusters; all visible by default.',
    })
    clusterIds?: string[],
    @Args('days', { type: () => Int, nullable: true, description: 'How many days: 1 to 366, 30 by default.' })
    days?: number,
    @Args('to', { type: () => DateTime, nullable: true, description: 'The last point; now by default.' }) to?: Date,
  ): Promise<ComplianceDayObject[]> {
    return this.compliance.trend(principal, { framework, clusterIds, to, days: days ?? 30 });
  }
}

@Resolver(() => ControlResultObject)
@UseGuards(ApiKeyGuard)
export class ControlResultResolver {
  /** One trend per report and length, however many of its controls ask for their history. */
  private readonly trends = new WeakMap<ControlResultObject['report'], Map<number, Promise<ComplianceDay[]>>>();

  constructor(
    private readonly findings: FindingsService,
    private readonly compliance: ComplianceService,
  ) {}

  @ResolveField(() => [ControlDayObject], {
    description:
      "Its status at the end of each of the `days` days up to the report's moment (30 by default, at most 366).",
  })
  async history(
    @CurrentPrincipal() principal: Principal,
    @Parent() result: ControlResultObject,
    @Args('days', { type: () => Int, nullable: true, description: 'How many days: 1 to 366, 30 by default.' })
    days?: number,
  ): Promise<ControlDayObject[]> {
    const n = days ?? 30;
    const byDays = this.trends.get(result.report) ?? new Map<number, Promise<ComplianceDay[]>>();
    this.trends.set(result.report, byDays);
    let trend = byDays.get(n);
    if (!trend) {
      trend = this.compliance.trend(principal, { ...result.report, to: result.report.at, days: n });
      byDays.set(n, trend);
    }
    return (await trend).map((d) => d.controls.get(result.control.id)!);
  }

  @ResolveField(() => FindingConnection, {
    description:
      "The findings of its rules in the report's clusters at its moment, excepted or not, most severe first.",
  })
  async evidence(
    @CurrentPrincipal() principal: Principal,
    @Parent() result: ControlResultObject,
    @Args('first', { type: () => Int, nullable: true, description: 'Page size: 1 to 200, 50 by default.' })
    first?: number,
    @Args('after', { nullable: true, description: 'The `endCursor` of the previous page.' }) after?: string,
  ): Promise<FindingPage> {
    // Empty lists select nothing: a manual control, or no cluster evaluated, has no evidence.
    const { clusterIds, ruleIds, at } = result.evidenceOf;
    return this.findings.page(principal, { filter: { clusterIds, ruleIds }, at, first, after });
  }
}
