import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Severity } from '../../../generated/prisma/enums';
import { SeverityCountsObject } from '../../history/dto/history.objects';

@ObjectType('FindingGroup', { description: 'Findings that share a rule, practice, namespace, workload or cluster.' })
export class FindingGroupObject {
  @Field({ description: 'What the group shares (see FindingGroupBy).' })
  key!: string;

  @Field(() => ID, { nullable: true, description: 'The cluster, when grouped by workload or cluster.' })
  clusterId?: string | null;

  @Field(() => String, { nullable: true, description: 'The namespace, when grouped by namespace or workload.' })
  namespace?: string | null;

  @Field(() => String, { nullable: true, description: 'The kind, when grouped by workload.' })
  kind?: string | null;

  @Field(() => String, { nullable: true, description: 'The resource’s name, when grouped by workload.' })
  name?: string | null;

  @Field(() => Int, { description: 'Findings in the group.' })
  total!: number;

  @Field(() => SeverityCountsObject, { description: 'Its findings per severity.' })
  counts!: SeverityCountsObject;

  @Field(() => Severity, { description: 'The most severe of its findings.' })
  highest!: Severity;
}

@ObjectType('FindingGroups', { description: 'Groups of findings, most severe first, then largest.' })
export class FindingGroupsObject {
  @Field(() => [FindingGroupObject], { description: 'The first groups (`first`).' })
  groups!: FindingGroupObject[];

  @Field(() => Int, { description: 'How many groups there are in all.' })
  totalGroups!: number;

  @Field(() => Int, { description: 'How many findings they hold in all.' })
  totalFindings!: number;
}
