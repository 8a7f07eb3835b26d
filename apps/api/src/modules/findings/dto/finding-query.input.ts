import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { FindingStatus, Severity } from '../../../generated/prisma/enums';
import '../../../infra/graphql/enums';

export enum FindingOrderField {
  SEVERITY = 'SEVERITY',
  FIRST_SEEN = 'FIRST_SEEN',
  RULE = 'RULE',
  RESOURCE = 'RESOURCE',
}
registerEnumType(FindingOrderField, {
  name: 'FindingOrderField',
  description: 'What findings are sorted by (ties broken by id, so pages never overlap).',
  valuesMap: {
    SEVERITY: { description: 'Severity, most severe first by default.' },
    FIRST_SEEN: { description: 'When first seen, newest first by default.' },
    RULE: { description: 'Rule id, alphabetically.' },
    RESOURCE: { description: 'Namespace, then kind, then name, alphabetically.' },
  },
});

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Sort direction.',
  valuesMap: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } },
});

@InputType({ description: 'How to sort findings.' })
export class FindingOrder {
  @Field(() => FindingOrderField, { description: 'The key.' })
  field!: FindingOrderField;

  @Field(() => SortDirection, {
    nullable: true,
    description: 'The direction; SEVERITY and FIRST_SEEN default to DESC, the others to ASC.',
  })
  direction?: SortDirection;
}

@InputType({ description: 'Which findings to list; every condition given must hold.' })
export class FindingFilter {
  @Field(() => [ID], { nullable: true, description: 'Only these clusters.' })
  clusterIds?: string[];

  @Field(() => Severity, { nullable: true, description: 'Only this severity and above.' })
  minSeverity?: Severity;

  @Field(() => [String], { nullable: true, description: 'Only these rules (ids).' })
  ruleIds?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Only rules of these areas (containers, pods, cluster, users).',
  })
  areas?: string[];

  @Field(() => [String], { nullable: true, description: 'Only rules of these practices (as named in `rules`).' })
  practices?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Only rules that judge a control of these frameworks (ids, as in `frameworks`).',
  })
  frameworks?: string[];

  @Field(() => [String], { nullable: true, description: 'Only resources in these namespaces.' })
  namespaces?: string[];

  @Field(() => [String], { nullable: true, description: 'Only resources of these kinds, e.g. Deployment.' })
  kinds?: string[];

  @Field(() => FindingStatus, {
    nullable: true,
    description: 'OPEN (the default) or RESOLVED. With `at`, only OPEN: what was open then.',
  })
  status?: FindingStatus;

  @Field({
    nullable: true,
    description: 'true: only findings an active exception covers; false: only those none covers.',
  })
  excepted?: boolean;

  @Field({ nullable: true, description: 'true: only platform components; false: only the rest.' })
  platform?: boolean;

  @Field({
    nullable: true,
    description: 'Only resources whose name contains this text (case-insensitive; at most 253 characters).',
  })
  resourceName?: string;
}

export enum FindingGroupBy {
  RULE = 'RULE',
  PRACTICE = 'PRACTICE',
  NAMESPACE = 'NAMESPACE',
  WORKLOAD = 'WORKLOAD',
  CLUSTER = 'CLUSTER',
}
registerEnumType(FindingGroupBy, {
  name: 'FindingGroupBy',
  description: 'What findings are grouped by.',
  valuesMap: {
    RULE: { description: 'The rule (key: its id).' },
    PRACTICE: { description: 'The rule’s practice (key: its name).' },
    NAMESPACE: { description: 'The resource’s namespace (key: empty for cluster-scoped resources).' },
    WORKLOAD: { description: 'The resource (key: cluster/namespace/Kind/name).' },
    CLUSTER: { description: 'The cluster (key: its id).' },
  },
});
