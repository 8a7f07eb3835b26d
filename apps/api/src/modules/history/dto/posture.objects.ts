import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { DateTime } from '../../../infra/graphql/date-time.scalar';
import { ClusterObject } from '../../clusters/dto/cluster.object';
import { FindingGroupsObject } from '../../findings/dto/finding-group.object';
import { SeverityCountsObject } from './history.objects';

@ObjectType('ClusterPosture', { description: 'A cluster and where its newest evaluation left it.' })
export class ClusterPostureObject {
  @Field(() => ClusterObject, { description: 'The cluster.' })
  cluster!: ClusterObject;

  @Field(() => Float, { nullable: true, description: 'Posture score (0–100); null: never evaluated.' })
  score!: number | null;

  @Field(() => SeverityCountsObject, { description: 'Open findings per severity (excepted ones left out).' })
  counts!: SeverityCountsObject;

  @Field(() => DateTime, { nullable: true, description: 'When the newest evaluation ran.' })
  lastEvaluatedAt!: Date | null;
}

@ObjectType('PostureChanges', { description: 'Findings that changed state in a window, over all clusters.' })
export class PostureChangesObject {
  @Field(() => DateTime, { description: 'Start of the window (excluded).' })
  since!: Date;
  @Field(() => Int, { description: 'Findings opened.' })
  opened!: number;
  @Field(() => Int, { description: 'Findings resolved.' })
  resolved!: number;
  @Field(() => Int, { description: 'Findings reopened.' })
  reopened!: number;
}

@ObjectType('PostureDay', { description: 'The posture at the end of a day (UTC), over all clusters.' })
export class PostureDayObject {
  @Field(() => DateTime, { description: 'Start of the day.' })
  day!: Date;
  @Field(() => Float, { description: 'Mean score of the clusters evaluated by the end of the day.' })
  score!: number;
  @Field(() => SeverityCountsObject, { description: 'Their open findings per severity, added up.' })
  counts!: SeverityCountsObject;
  @Field(() => Int, { description: 'How many clusters the point covers.' })
  clusters!: number;
}

@ObjectType('PostureOverview', {
  description:
    'Where the organisation stands: the mean score of its clusters (each counts the same), their open findings, recent changes and the daily trend.',
})
export class PostureOverviewObject {
  @Field(() => Float, { nullable: true, description: 'Mean score of the evaluated clusters; null: none evaluated.' })
  score!: number | null;

  @Field(() => SeverityCountsObject, { description: 'Open findings per severity over all clusters.' })
  counts!: SeverityCountsObject;

  @Field(() => [ClusterPostureObject], { description: 'Each cluster, lowest score first (never evaluated last).' })
  clusters!: ClusterPostureObject[];

  @Field(() => PostureChangesObject, { description: 'What changed in the last `changesHours`.' })
  changes!: PostureChangesObject;

  @Field(() => [PostureDayObject], { description: 'One point per day of the last `trendDays`.' })
  trend!: PostureDayObject[];

  @Field(() => FindingGroupsObject, {
    description:
      'The rules failing on most resources (open findings by rule as of each cluster’s newest evaluation), most severe first: the first `topRules`.',
  })
  topRules!: FindingGroupsObject;
}
