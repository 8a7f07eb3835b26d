import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { DateTime } from '../../../infra/graphql/date-time.scalar';

@ObjectType('Exception', {
  description:
    'An accepted risk: the findings it selects stay listed (flagged `excepted`) but leave the score and alerts until it expires.',
})
export class ExceptionObject {
  @Field(() => ID, { description: 'Id of the exception.' })
  id!: string;

  @Field(() => ID, { nullable: true, description: 'Only this cluster; null: every cluster.' })
  clusterId!: string | null;

  @Field(() => String, { nullable: true, description: 'Only this rule; null: every rule.' })
  ruleId!: string | null;

  @Field(() => String, { nullable: true, description: 'Only this namespace; null: any.' })
  namespace!: string | null;

  @Field(() => String, { nullable: true, description: 'Only resources of this kind; null: any.' })
  resourceKind!: string | null;

  @Field(() => String, { nullable: true, description: 'Only the resource of this name; null: any.' })
  resourceName!: string | null;

  @Field({ description: 'Why the risk is accepted.' })
  reason!: string;

  @Field({ description: 'Who answers for it.' })
  owner!: string;

  @Field(() => DateTime, { description: 'When it stops applying.' })
  expiresAt!: Date;

  @Field(() => DateTime, { description: 'When it was created.' })
  createdAt!: Date;

  @Field({ description: 'Who created it: "API_KEY:<id>" or "USER:<id>".' })
  createdBy!: string;

  @Field(() => DateTime, { nullable: true, description: 'When it was revoked, if it was.' })
  revokedAt!: Date | null;

  @Field({ description: 'Whether it applies now (not revoked, not expired).' })
  active!: boolean;
}

@InputType({ description: 'A new exception: at least one selector, a reason, an owner and an expiry.' })
export class CreateExceptionInput {
  @Field(() => ID, { nullable: true, description: 'Only this cluster.' })
  clusterId?: string;

  @Field({ nullable: true, description: 'Only this rule (id, as in `rules`).' })
  ruleId?: string;

  @Field({ nullable: true, description: 'Only this namespace.' })
  namespace?: string;

  @Field({ nullable: true, description: 'Only resources of this kind, e.g. Deployment.' })
  resourceKind?: string;

  @Field({ nullable: true, description: 'Only the resource of this name (needs resourceKind).' })
  resourceName?: string;

  @Field({ description: 'Why the risk is accepted (10 to 2,000 characters).' })
  reason!: string;

  @Field({ description: 'Who answers for it (1 to 200 characters).' })
  owner!: string;

  @Field(() => DateTime, { description: 'When it stops applying: in the future, at most a year away.' })
  expiresAt!: Date;
}
