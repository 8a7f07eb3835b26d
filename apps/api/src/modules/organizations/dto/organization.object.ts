import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTime } from '../../../infra/graphql/date-time.scalar';

@ObjectType('Organization', { description: 'A tenant: every row of Kubeward belongs to one.' })
export class OrganizationObject {
  @Field(() => ID, { description: 'Id of the organisation.' })
  id!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field({ description: 'Unique, URL-safe identifier.' })
  slug!: string;

  @Field(() => DateTime, { description: 'When it was created.' })
  createdAt!: Date;
}

@ObjectType({ description: 'A new organisation and its first owner API key, shown this once.' })
export class OrganizationCreated {
  @Field(() => OrganizationObject, { description: 'The organisation.' })
  organization!: OrganizationObject;

  @Field({ description: 'The owner API key. Store it now: it is never shown again.' })
  ownerApiKey!: string;
}
