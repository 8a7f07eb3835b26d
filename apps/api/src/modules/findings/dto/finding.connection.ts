import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../../../infra/graphql/pagination';
import { FindingObject } from './finding.object';

@ObjectType({ description: 'A finding and its place in the list.' })
export class FindingEdge {
  @Field({ description: 'Pass as `after` to continue after this finding.' })
  cursor!: string;

  @Field(() => FindingObject, { description: 'The finding.' })
  node!: FindingObject;
}

@ObjectType({ description: 'A page of findings (Relay cursor connection).' })
export class FindingConnection {
  @Field(() => [FindingEdge], { description: 'The findings of this page, in order.' })
  edges!: FindingEdge[];

  @Field(() => PageInfo, { description: 'Whether more follow, and from where.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many findings match, over all pages (counted only when asked).' })
  totalCount!: number;
}
