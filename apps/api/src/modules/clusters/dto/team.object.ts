import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTime } from '../../../infra/graphql/date-time.scalar';

@ObjectType('Team', {
  description: 'A team of the organisation: it owns clusters; its members and keys see only those.',
})
export class TeamObject {
  @Field(() => ID, { description: 'Id of the team.' })
  id!: string;

  @Field({ description: 'Name, unique in the organisation.' })
  name!: string;

  @Field({ description: 'What the team does.' })
  description!: string;

  @Field(() => DateTime, { description: 'When it was created.' })
  createdAt!: Date;
}
