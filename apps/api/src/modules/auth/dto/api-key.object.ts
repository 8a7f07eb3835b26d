import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../../../generated/prisma/enums';
import '../../../infra/graphql/enums';
import { OrganizationObject } from '../../organizations/dto/organization.object';
import { DateTime } from '../../../infra/graphql/date-time.scalar';

@ObjectType('ApiKey', { description: 'An API key of the organisation (never the key itself, which is shown once).' })
export class ApiKeyObject {
  @Field(() => ID, { description: 'Id of the key.' })
  id!: string;

  @Field({ description: 'What the key is for.' })
  name!: string;

  @Field(() => Role, { description: 'What it may do.' })
  role!: Role;

  @Field(() => ID, { nullable: true, description: 'The team whose clusters it sees; null: the whole organisation.' })
  teamId!: string | null;

  @Field({ description: 'The first characters of the key, to tell keys apart.' })
  prefix!: string;

  @Field(() => DateTime, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When it was last used (to the minute).' })
  lastUsedAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'When it was revoked; null while it works.' })
  revokedAt!: Date | null;
}

@ObjectType({ description: 'A new API key, shown this once.' })
export class ApiKeyCreated {
  @Field(() => ApiKeyObject, { description: 'The key’s record.' })
  apiKey!: ApiKeyObject;

  @Field({ description: 'The key. Store it now: it is never shown again.' })
  key!: string;
}

@ObjectType({ description: 'The caller: its organisation and the API key or user acting in it.' })
export class Me {
  @Field(() => OrganizationObject, { description: 'The organisation the caller acts in.' })
  organization!: OrganizationObject;

  @Field(() => ApiKeyObject, {
    nullable: true,
    description: 'The key that made this request; null for a signed-in user.',
  })
  apiKey!: ApiKeyObject | null;

  @Field(() => Role, { description: 'What the caller may do.' })
  role!: Role;

  @Field(() => [ID], { nullable: true, description: 'The teams the role is limited to; null: the whole organisation.' })
  teamIds!: readonly string[] | null;
}
