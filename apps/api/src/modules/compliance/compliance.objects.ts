import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CONTROL_STATUSES, type ControlStatus as Status } from '@kubeward/rules';
import { DateTime } from '../../infra/graphql/date-time.scalar';
import { ControlObject, FrameworkObject } from './framework.object';

export const ControlStatus = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, s])) as { [K in Status]: K };
registerEnumType(ControlStatus, {
  name: 'ControlStatus',
  description: 'A control’s status for a cluster, or for several (the worst of theirs).',
  valuesMap: {
    FAIL: { description: 'A rule that judges it has an open finding no exception covers.' },
    ACCEPTED_RISK: { description: 'Every open finding of its rules is covered by an exception.' },
    NOT_EVALUABLE: { description: 'Nothing fails, but it could not be judged (the reason says why).' },
    PASS: { description: 'Every rule that judges it ran and found nothing.' },
    MANUAL: { description: 'No rule judges it: a person gathers the evidence.' },
  },
});

@ObjectType('ComplianceSummary', { description: 'How many controls have each status, and the percentage.' })
export class ComplianceSummaryObject {
  @Field(() => Int, { description: 'Controls passing.' })
  pass!: number;

  @Field(() => Int, { description: 'Controls failing.' })
  fail!: number;

  @Field(() => Int, { description: 'Controls whose failures are all accepted risks.' })
  acceptedRisk!: number;

  @Field(() => Int, { description: 'Controls that could not be judged.' })
  notEvaluable!: number;

  @Field(() => Int, { description: 'Controls no rule judges.' })
  manual!: number;

  @Field(() => Float, {
    nullable: true,
    description: '(pass + acceptedRisk) ÷ (pass + acceptedRisk + fail) × 100; null when no control was evaluable.',
  })
  percentage!: number | null;
}

@ObjectType('ComplianceCluster', { description: 'A cluster of a report, and the evaluation that speaks for it.' })
export class ComplianceClusterObject {
  @Field(() => ID, { description: 'The cluster.' })
  clusterId!: string;

  @Field({ description: 'Its name.' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Its newest evaluation by the report’s moment; null if none.' })
  evaluationId!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When that evaluation’s snapshot was collected.' })
  collectedAt!: Date | null;

  @Field(() => ComplianceSummaryObject, {
    nullable: true,
    description: 'The framework for this cluster alone; null without an evaluation.',
  })
  summary!: ComplianceSummaryObject | null;
}

@ObjectType('ClusterControlStatus', { description: 'A control’s status in one cluster.' })
export class ClusterControlStatusObject {
  @Field(() => ID, { description: 'The cluster.' })
  clusterId!: string;

  @Field(() => ControlStatus, { description: 'Its status there.' })
  status!: Status;

  @Field(() => String, { nullable: true, description: 'For NOT_EVALUABLE and MANUAL: why.' })
  reason!: string | null;

  @Field(() => Int, { description: 'Open findings of its rules there that no exception covers.' })
  failingFindings!: number;

  @Field(() => Int, { description: 'Open findings of its rules there that exceptions cover.' })
  acceptedFindings!: number;
}

@ObjectType('AcceptedRisk', { description: 'An exception that accepted some of a control’s findings.' })
export class AcceptedRiskObject {
  @Field(() => ID, { description: 'The exception.' })
  id!: string;

  @Field({ description: 'Why the risk is accepted.' })
  reason!: string;

  @Field({ description: 'Who owns the risk.' })
  owner!: string;

  @Field({ description: 'Who recorded the exception.' })
  createdBy!: string;

  @Field(() => DateTime, { description: 'When it was recorded.' })
  createdAt!: Date;

  @Field(() => DateTime, { description: 'When it lapses.' })
  expiresAt!: Date;

  @Field(() => String, { description: 'What it covers, e.g. "rule privileged-container in namespace payments".' })
  scope!: string;
}

@ObjectType('ControlDay', { description: 'A control at the end of one day (the last point: the moment asked).' })
export class ControlDayObject {
  @Field(() => DateTime, { description: 'The moment.' })
  at!: Date;

  @Field(() => ControlStatus, { description: 'Its status then, over the clusters.' })
  status!: Status;

  @Field(() => Int, { description: 'Open findings of its rules then that no exception covered.' })
  failingFindings!: number;

  @Field(() => Int, { description: 'Open findings of its rules then that exceptions covered.' })
  acceptedFindings!: number;
}

@ObjectType('ComplianceDay', { description: 'A framework at the end of one day (the last point: the moment asked).' })
export class ComplianceDayObject {
  @Field(() => DateTime, { description: 'The moment.' })
  at!: Date;

  @Field(() => Int, { description: 'How many clusters had been evaluated by then.' })
  clusters!: number;

  @Field(() => ComplianceSummaryObject, { description: 'Controls by status then, and the percentage.' })
  summary!: ComplianceSummaryObject;
}

@ObjectType('ControlResult', { description: 'A control of a report: its status, over the report’s clusters.' })
export class ControlResultObject {
  @Field(() => ControlObject, { description: 'The control.' })
  control!: ControlObject;

  @Field(() => ControlStatus, { description: 'The worst status over the clusters.' })
  status!: Status;

  @Field(() => String, { nullable: true, description: 'For NOT_EVALUABLE and MANUAL: why.' })
  reason!: string | null;

  @Field(() => Int, { description: 'Open findings of its rules that no exception covers, over the clusters.' })
  failingFindings!: number;

  @Field(() => Int, { description: 'Open findings of its rules that exceptions cover, over the clusters.' })
  acceptedFindings!: number;

  @Field(() => [ClusterControlStatusObject], { description: 'Its status in each evaluated cluster.' })
  clusters!: ClusterControlStatusObject[];

  @Field(() => [AcceptedRiskObject], { description: 'The exceptions that accepted its findings.' })
  acceptedRisks!: AcceptedRiskObject[];

  /** What `evidence` pages: the report's clusters, the control's rules, its moment. */
  evidenceOf!: { clusterIds: string[]; ruleIds: string[]; at?: Date };

  /** What `history` reads: the report's framework, clusters and moment (one object per report). */
  report!: { framework: string; clusterIds: string[]; at: Date };
}

@ObjectType('ComplianceReport', {
  description: 'A framework’s controls over a set of clusters at a moment, with the evidence.',
})
export class ComplianceReportObject {
  @Field(() => FrameworkObject, { description: 'The framework and version.' })
  framework!: FrameworkObject;

  @Field(() => DateTime, { description: 'The moment the report describes.' })
  at!: Date;

  @Field(() => [ComplianceClusterObject], { description: 'The clusters it covers.' })
  clusters!: ComplianceClusterObject[];

  @Field(() => ComplianceSummaryObject, { description: 'Controls by status, and the percentage.' })
  summary!: ComplianceSummaryObject;

  @Field(() => [ControlResultObject], { description: 'Every control, in the framework’s order.' })
  controls!: ControlResultObject[];
}
