import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { ChangeType, FindingEventType, ResolutionReason, Severity } from '../../../generated/prisma/enums';
import '../../../infra/graphql/enums';
import { PageInfo } from '../../../infra/graphql/pagination';
import { FindingObject } from '../../findings/dto/finding.object';
import { DateTime } from '../../../infra/graphql/date-time.scalar';

@ObjectType({ description: 'One field that changed, before and after (as the rules read it).' })
export class FieldChangeObject {
  @Field({ description: 'JSON path of the field, e.g. `spec.template.spec.containers[name=app].image`.' })
  path!: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value before; null when the field was added.' })
  before!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value after; null when the field was removed.' })
  after!: unknown;
}

@ObjectType('ObjectChange', { description: 'A Kubernetes object added, modified or removed between two snapshots.' })
export class ObjectChangeObject {
  @Field(() => ID, { description: 'Id of the change.' })
  id!: string;

  @Field(() => ID, { description: 'The cluster.' })
  clusterId!: string;

  @Field(() => ID, { description: 'The evaluation that saw it.' })
  evaluationId!: string;

  @Field(() => DateTime, { description: 'Collection time of the snapshot that showed it.' })
  at!: Date;

  @Field(() => ChangeType, { description: 'ADDED, MODIFIED or REMOVED.' })
  type!: ChangeType;

  @Field({ description: 'Kind of the object.' })
  kind!: string;

  @Field(() => String, { nullable: true, description: 'Namespace; null for cluster-scoped objects.' })
  namespace!: string | null;

  @Field({ description: 'Name of the object.' })
  name!: string;

  @Field(() => [FieldChangeObject], { description: 'For MODIFIED: the fields that changed.' })
  diff!: FieldChangeObject[];
}

@ObjectType('FindingEvent', { description: 'A step in a finding’s life.' })
export class FindingEventObject {
  @Field(() => ID, { description: 'Id of the event.' })
  id!: string;

  @Field(() => FindingEventType, { description: 'OPENED, RESOLVED or REOPENED.' })
  type!: FindingEventType;

  @Field(() => ResolutionReason, { nullable: true, description: 'For RESOLVED: why.' })
  reason!: ResolutionReason | null;

  @Field(() => Severity, { description: 'The finding’s severity at that time.' })
  severity!: Severity;

  @Field(() => DateTime, { description: 'Collection time of the snapshot that showed it.' })
  at!: Date;

  @Field(() => ID, { description: 'The evaluation that recorded it.' })
  evaluationId!: string;

  @Field(() => ObjectChangeObject, {
    nullable: true,
    description: 'For OPENED and REOPENED: the object change of the same evaluation that caused it, when known.',
  })
  cause!: ObjectChangeObject | null;
}

@ObjectType('DriftFinding', { description: 'A finding that changed state in a drift window, and when.' })
export class DriftFindingObject {
  @Field(() => DateTime, { description: 'When it changed state.' })
  at!: Date;

  @Field(() => FindingObject, { description: 'The finding (its current state).' })
  finding!: FindingObject;

  @Field(() => ResolutionReason, { nullable: true, description: 'For resolved findings: why.' })
  reason!: ResolutionReason | null;

  @Field(() => ObjectChangeObject, { nullable: true, description: 'For opened findings: the change that caused it.' })
  cause!: ObjectChangeObject | null;
}

@ObjectType({ description: 'How many of each kind of change a drift window holds (the lists stop at `limit`).' })
export class DriftCountsObject {
  @Field(() => Int, { description: 'Findings opened.' })
  opened!: number;
  @Field(() => Int, { description: 'Findings resolved.' })
  resolved!: number;
  @Field(() => Int, { description: 'Findings reopened.' })
  reopened!: number;
  @Field(() => Int, { description: 'Objects added.' })
  added!: number;
  @Field(() => Int, { description: 'Objects modified.' })
  modified!: number;
  @Field(() => Int, { description: 'Objects removed.' })
  removed!: number;
}

@ObjectType('Drift', {
  description: 'What changed in a cluster between two points in time (from excluded, to included).',
})
export class DriftObject {
  @Field(() => DateTime, { description: 'Start of the window.' })
  from!: Date;

  @Field(() => DateTime, { description: 'End of the window.' })
  to!: Date;

  @Field(() => [DriftFindingObject], { description: 'Findings first opened in the window, most severe first.' })
  opened!: DriftFindingObject[];

  @Field(() => [DriftFindingObject], { description: 'Findings that resolved in the window.' })
  resolved!: DriftFindingObject[];

  @Field(() => [DriftFindingObject], { description: 'Findings that came back in the window.' })
  reopened!: DriftFindingObject[];

  @Field(() => [ObjectChangeObject], { description: 'Objects added in the window.' })
  added!: ObjectChangeObject[];

  @Field(() => [ObjectChangeObject], { description: 'Objects modified in the window.' })
  modified!: ObjectChangeObject[];

  @Field(() => [ObjectChangeObject], { description: 'Objects removed in the window.' })
  removed!: ObjectChangeObject[];

  @Field(() => DriftCountsObject, { description: 'How many there are of each, whatever the limit.' })
  counts!: DriftCountsObject;

  @Field({ description: 'Whether a list was cut at `limit`; narrow the window, or page `objectChanges`, to see all.' })
  truncated!: boolean;
}

@ObjectType({ description: 'Open findings per severity.' })
export class SeverityCountsObject {
  @Field(() => Int, { description: 'CRITICAL findings.' })
  critical!: number;
  @Field(() => Int, { description: 'HIGH findings.' })
  high!: number;
  @Field(() => Int, { description: 'MEDIUM findings.' })
  medium!: number;
  @Field(() => Int, { description: 'LOW findings.' })
  low!: number;
  @Field(() => Int, { description: 'INFO findings.' })
  info!: number;
}

@ObjectType({ description: 'A rule that could not judge a snapshot, and why.' })
export class RuleNoteObject {
  @Field({ description: 'The rule.' })
  ruleId!: string;

  @Field({ description: 'Why (input not collected, managed control plane…), or the error it raised.' })
  message!: string;
}

@ObjectType('Evaluation', { description: 'One snapshot judged by the rules.' })
export class EvaluationObject {
  @Field(() => ID, { description: 'Id of the evaluation.' })
  id!: string;

  @Field(() => ID, { description: 'The cluster.' })
  clusterId!: string;

  @Field(() => DateTime, { description: 'Collection time of its snapshot.' })
  collectedAt!: Date;

  @Field(() => DateTime, { description: 'When it ran.' })
  evaluatedAt!: Date;

  @Field(() => Int, { description: 'How long it took, from job start to commit.' })
  durationMs!: number;

  @Field(() => Float, { description: 'Posture score, 0 to 100 (excepted findings left out).' })
  score!: number;

  @Field(() => SeverityCountsObject, { description: 'Open findings per severity after it.' })
  counts!: SeverityCountsObject;

  @Field(() => Int, { description: 'Findings it opened.' })
  opened!: number;

  @Field(() => Int, { description: 'Findings it resolved.' })
  resolved!: number;

  @Field(() => Int, { description: 'Findings it reopened.' })
  reopened!: number;

  @Field(() => [RuleNoteObject], { description: 'Rules that could not judge this snapshot, and why.' })
  notEvaluable!: RuleNoteObject[];

  @Field(() => [RuleNoteObject], { description: 'Rules that failed with an error (the others still ran).' })
  ruleErrors!: RuleNoteObject[];
}

@ObjectType({ description: 'An evaluation and its place in the list.' })
export class EvaluationEdge {
  @Field({ description: 'Pass as `after` to continue after this evaluation.' })
  cursor!: string;

  @Field(() => EvaluationObject, { description: 'The evaluation.' })
  node!: EvaluationObject;
}

@ObjectType({ description: 'A page of evaluations, newest first.' })
export class EvaluationConnection {
  @Field(() => [EvaluationEdge], { description: 'The evaluations of this page.' })
  edges!: EvaluationEdge[];

  @Field(() => PageInfo, { description: 'Whether more follow, and from where.' })
  pageInfo!: PageInfo;
}

@ObjectType({ description: 'An object change and its place in the list.' })
export class ObjectChangeEdge {
  @Field({ description: 'Pass as `after` to continue after this change.' })
  cursor!: string;

  @Field(() => ObjectChangeObject, { description: 'The change.' })
  node!: ObjectChangeObject;
}

@ObjectType({ description: 'A page of object changes, newest first.' })
export class ObjectChangeConnection {
  @Field(() => [ObjectChangeEdge], { description: 'The changes of this page.' })
  edges!: ObjectChangeEdge[];

  @Field(() => PageInfo, { description: 'Whether more follow, and from where.' })
  pageInfo!: PageInfo;
}

export enum TrendBucket {
  EVALUATION = 'EVALUATION',
  HOUR = 'HOUR',
  DAY = 'DAY',
}
registerEnumType(TrendBucket, {
  name: 'TrendBucket',
  description: 'The resolution of a posture trend.',
  valuesMap: {
    EVALUATION: { description: 'One point per evaluation.' },
    HOUR: { description: 'One point per hour: the last evaluation of the hour.' },
    DAY: { description: 'One point per day (UTC): the last evaluation of the day.' },
  },
});

@ObjectType({ description: 'The posture at one point of a trend.' })
export class TrendPointObject {
  @Field(() => DateTime, { description: 'Collection time of the evaluation this point shows.' })
  at!: Date;

  @Field(() => DateTime, { nullable: true, description: 'Start of the bucket (HOUR and DAY).' })
  bucket!: Date | null;

  @Field(() => Float, { description: 'Posture score, 0 to 100.' })
  score!: number;

  @Field(() => SeverityCountsObject, { description: 'Open findings per severity.' })
  counts!: SeverityCountsObject;
}
