import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ActorType } from '../../../generated/prisma/enums';
import '../../../infra/graphql/enums';
import { PageInfo } from '../../../infra/graphql/pagination';
import { DateTime } from '../../../infra/graphql/date-time.scalar';

@ObjectType('AuditEntry', { description: 'Something someone did in the organisation.' })
export class AuditEntryObject {
  @Field(() => ID, { description: 'Id of the entry.' })
  id!: string;

  @Field(() => DateTime, { description: 'When.' })
  at!: Date;

  @Field(() => ActorType, { description: 'What kind of actor.' })
  actorType!: ActorType;

  @Field(() => ID, { nullable: true, description: 'The API key (or agent token) that acted, if any.' })
  actorId!: string | null;

  @Field({ description: 'What was done, as `<noun>.<verb>`, e.g. `apiKey.create`.' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'Kind of the thing acted on, e.g. `ApiKey`.' })
  targetType!: string | null;

  @Field(() => ID, { nullable: true, description: 'Id of the thing acted on.' })
  targetId!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Facts about the change (never a secret).' })
  details!: Record<string, unknown>;
}

@ObjectType({ description: 'An audit entry and its place in the log.' })
export class AuditEntryEdge {
  @Field({ description: 'Pass as `after` to continue after this entry.' })
  cursor!: string;

  @Field(() => AuditEntryObject, { description: 'The entry.' })
  node!: AuditEntryObject;
}

@ObjectType({ description: 'A page of the audit log, newest first.' })
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge], { description: 'The entries of this page.' })
  edges!: AuditEntryEdge[];

  @Field(() => PageInfo, { description: 'Whether more follow, and from where.' })
  pageInfo!: PageInfo;
}
