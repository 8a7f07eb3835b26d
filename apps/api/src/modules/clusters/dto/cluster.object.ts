import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { DateTime } from '../../../infra/graphql/date-time.scalar';

@ObjectType('Cluster', { description: 'A Kubernetes cluster whose agent reports to Kubeward.' })
export class ClusterObject {
  @Field(() => ID, { description: 'Id of the cluster.' })
  id!: string;

  @Field({ description: 'Name, unique in the organisation.' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'The team that owns it; null: only organisation-wide roles see it.' })
  teamId!: string | null;

  @Field(() => DateTime, { description: 'When it was registered.' })
  createdAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When the last snapshot arrived.' })
  lastSnapshotAt!: Date | null;

  @Field(() => DateTime, {
    nullable: true,
    description: 'When the agent last said nothing changed (a heartbeat instead of a snapshot).',
  })
  lastHeartbeatAt!: Date | null;

  @Field({
    description:
      'No snapshot or heartbeat (or, for a new cluster, none since registration) for longer than CLUSTER_STALE_AFTER_MINUTES (30): the posture shown may be out of date.',
  })
  stale!: boolean;

  @Field(() => String, { nullable: true, description: 'Kubernetes version the agent last reported.' })
  kubernetesVersion!: string | null;

  @Field(() => String, { nullable: true, description: 'Version of the agent that last reported.' })
  agentVersion!: string | null;

  @Field(() => Float, { nullable: true, description: 'Posture score (0–100) of the newest evaluation.' })
  currentScore!: number | null;
}

@ObjectType({ description: 'A newly registered cluster and its agent token, shown this once.' })
export class ClusterRegistration {
  @Field(() => ClusterObject, { description: 'The cluster.' })
  cluster!: ClusterObject;

  @Field({ description: "The agent token. Put it in the agent's Secret now: it is never shown again." })
  agentToken!: string;

  /** Rendered by ClusterRegistrationResolver, only when asked for. */
  installManifests?: string | null;
}

@ObjectType({ description: 'A new agent token, shown this once.' })
export class TokenRotation {
  @Field({ description: "The new agent token. Put it in the agent's Secret: the agent picks it up without a restart." })
  agentToken!: string;

  @Field(() => DateTime, { description: 'Until when the previous token keeps working.' })
  previousTokenValidUntil!: Date;

  /** For the install manifests, which name the cluster. */
  clusterName!: string;
}

@ObjectType('FailedSnapshot', {
  description: 'A snapshot whose evaluation failed for good (after its retries): nothing of it is in the history.',
})
export class FailedSnapshotObject {
  @Field(() => ID, { description: 'Id of the stored snapshot.' })
  id!: string;

  @Field({ description: "The agent's id for the snapshot." })
  externalId!: string;

  @Field(() => DateTime, { description: 'When the agent collected it.' })
  collectedAt!: Date;

  @Field(() => DateTime, { description: 'When it arrived.' })
  receivedAt!: Date;

  @Field(() => DateTime, { description: 'When its evaluation was given up.' })
  failedAt!: Date;

  @Field({ description: 'Why, as the last attempt failed.' })
  reason!: string;
}
