import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Severity } from '../../../generated/prisma/enums';
import '../../../infra/graphql/enums';

@ObjectType({ description: "A rule's severity as this organisation wants it." })
export class SeverityOverrideObject {
  @Field({ description: 'The rule.' })
  ruleId!: string;

  @Field(() => Severity, { description: 'The severity its findings get.' })
  severity!: Severity;
}

@ObjectType('OrganizationSettings', { description: 'How the rules and alerts behave for the organisation.' })
export class OrganizationSettingsObject {
  @Field(() => [String], {
    description: 'Registries (prefixes) images may come from; empty: the trusted-registry rule is not evaluated.',
  })
  trustedRegistries!: string[];

  @Field(() => [String], {
    description:
      'Images (prefixes) the organisation counts as minimal, besides the known minimal publishers (distroless, Chainguard…), for the image-not-minimal rule.',
  })
  minimalImages!: string[];

  @Field(() => [String], {
    description:
      'Image prefixes whose registry refuses to overwrite a tag (ECR immutable tags, Harbor immutability rules): a tag pins them as a digest would, for the image-not-pinned-by-digest rule.',
  })
  immutableTagImages!: string[];

  @Field(() => [SeverityOverrideObject], { description: 'Severities that replace the rules’ defaults.' })
  severityOverrides!: SeverityOverrideObject[];

  @Field({ description: 'Whether findings on platform components (kube-proxy, CNI…) alert.' })
  alertOnPlatformFindings!: boolean;

  @Field(() => Int, {
    description:
      'Days without a workload running as it after which a service account that can do something dangerous is reported dormant (service-account-dormant).',
  })
  dormantAccountDays!: number;

  @Field(() => Int, {
    description:
      'Days of history (evaluations, finding events, object changes, snapshots, audit log) the organisation keeps: older history is no longer readable, and is removed with its month.',
  })
  historyRetentionDays!: number;

  @Field({ description: 'Whether historyRetentionDays is the service’s default rather than a choice.' })
  historyRetentionIsDefault!: boolean;
}

@InputType({ description: "A rule's severity as this organisation wants it." })
export class SeverityOverrideInput {
  @Field({ description: 'The rule (id, as in `rules`).' })
  ruleId!: string;

  @Field(() => Severity, { description: 'The severity its findings get.' })
  severity!: Severity;
}

@InputType({ description: 'Settings to change; fields left out stay as they are.' })
export class UpdateOrganizationSettingsInput {
  @Field(() => [String], { nullable: true, description: 'Registries (prefixes) images may come from (at most 100).' })
  trustedRegistries?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Images (prefixes) counted as minimal besides the known publishers (at most 100).',
  })
  minimalImages?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Image prefixes from registries with immutable tags (at most 100).',
  })
  immutableTagImages?: string[];

  @Field(() => [SeverityOverrideInput], { nullable: true, description: 'The whole list of severity overrides.' })
  severityOverrides?: SeverityOverrideInput[];

  @Field({ nullable: true, description: 'Whether findings on platform components alert.' })
  alertOnPlatformFindings?: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'Days after which an unused powerful service account is dormant (1 to 3650).',
  })
  dormantAccountDays?: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Days of history to keep, within the bounds the service sets (by default 30 to 1,095); null: back to the default. Shortening hides older history at once; lengthening keeps what is still held and what comes.',
  })
  historyRetentionDays?: number | null;
}
