import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { FindingStatus, ResolutionReason, Severity } from '../../../generated/prisma/enums';

import '../../../infra/graphql/enums';
import { DateTime } from '../../../infra/graphql/date-time.scalar';

@ObjectType({ description: 'A Kubernetes object a finding is about.' })
export class ResourceRefObject {
  @Field({ description: 'Kind, e.g. Deployment.' })
  kind!: string;

  @Field(() => String, { nullable: true, description: 'Namespace; null for cluster-scoped objects.' })
  namespace!: string | null;

  @Field({ description: 'Name of the object.' })
  name!: string;
}

@ObjectType('Finding', { description: 'One rule failing on one resource (and container) of a cluster, over time.' })
export class FindingObject {
  @Field(() => ID, { description: 'Stable id of the finding.' })
  id!: string;

  @Field(() => ID, { description: 'The cluster it was found in.' })
  clusterId!: string;

  @Field({ description: 'Identity across snapshots: sha256 of rule, resource and container.' })
  fingerprint!: string;

  @Field({ description: 'Id of the rule that fails.' })
  ruleId!: string;

  @Field(() => Severity, { description: 'Severity after organisation overrides.' })
  severity!: Severity;

  @Field(() => FindingStatus, { description: 'OPEN or RESOLVED.' })
  status!: FindingStatus;

  @Field(() => ResourceRefObject, { description: 'The offending resource.' })
  resource!: ResourceRefObject;

  @Field(() => String, { nullable: true, description: 'The offending container, where there is one.' })
  container!: string | null;

  @Field({ description: 'What is wrong and what to change.' })
  message!: string;

  @Field(() => [String], { description: 'JSON paths of the offending fields.' })
  paths!: string[];

  @Field({ description: 'Raised on a well-known platform component (kube-proxy, CNI or CSI agents…).' })
  platform!: boolean;

  @Field(() => DateTime, { description: 'When it was first seen (snapshot collection time).' })
  firstSeenAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When it last resolved, if it is resolved.' })
  resolvedAt!: Date | null;

  @Field(() => ResolutionReason, { nullable: true, description: 'Why it resolved, if it is resolved.' })
  resolutionReason!: ResolutionReason | null;

  @Field(() => Int, { description: 'How many times it came back after resolving.' })
  reopenCount!: number;

  @Field({
    description:
      'Covered by an active exception (at the time asked for): still listed, but left out of the score and alerts.',
  })
  excepted!: boolean;

  /** Not a field: `primary` and `related` resolve from it. */
  primaryFingerprint!: string | null;
}
