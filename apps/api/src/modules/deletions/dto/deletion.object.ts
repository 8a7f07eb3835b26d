import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DeletionKind } from '../../../generated/prisma/enums';
import { DateTime } from '../../../infra/graphql/date-time.scalar';
import '../../../infra/graphql/enums';

@ObjectType('Deletion', {
  description:
    'A deleted cluster or organisation: hidden from the moment it was deleted, its data removed in the background in small batches.',
})
export class DeletionObject {
  @Field(() => ID, { description: 'Id of the deletion.' })
  id!: string;

  @Field(() => DeletionKind, { description: 'What was deleted.' })
  kind!: DeletionKind;

  @Field(() => ID, { nullable: true, description: 'The deleted cluster (for a cluster).' })
  clusterId!: string | null;

  @Field({ description: 'Name of what was deleted.' })
  name!: string;

  @Field(() => DateTime, { description: 'When it was deleted (and hidden).' })
  requestedAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When the removal of its data started.' })
  startedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The table being emptied now; null before the start and once done.',
  })
  stage!: string | null;

  @Field(() => Float, { description: 'Rows removed so far.' })
  rowsDeleted!: number;

  @Field(() => Int, {
    description: 'Times a worker took the removal up (more than one: it was resumed after a restart or a failure).',
  })
  attempts!: number;

  @Field(() => DateTime, {
    nullable: true,
    description: 'When the last of its data was removed; null while in progress.',
  })
  finishedAt!: Date | null;
}
