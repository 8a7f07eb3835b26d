import { Field, ObjectType } from '@nestjs/graphql';
import { Severity } from '../../generated/prisma/enums';
import '../../infra/graphql/enums';

@ObjectType({ description: 'How to fix what a rule finds.' })
export class RemediationObject {
  @Field({ description: 'What to change, in words.' })
  text!: string;

  @Field({ description: 'The change as a YAML fragment.' })
  yaml!: string;
}

@ObjectType('FrameworkReference', { description: 'Where a rule comes from in a published framework.' })
export class FrameworkReferenceObject {
  @Field({ description: 'PSS (Pod Security Standards), CIS-1.10 (CIS Kubernetes Benchmark) or NSA-CISA-1.2.' })
  framework!: string;

  @Field(() => String, { nullable: true, description: 'PSS level: baseline or restricted.' })
  level!: string | null;

  @Field(() => String, { nullable: true, description: 'The control (PSS control name or CIS number).' })
  control!: string | null;

  @Field(() => String, { nullable: true, description: 'The NSA-CISA guide section.' })
  section!: string | null;
}

@ObjectType('Rule', { description: 'A rule of the catalogue, with why it matters and how to fix what it finds.' })
export class RuleObject {
  @Field({ description: 'Stable id; never reused.' })
  id!: string;

  @Field({ description: 'What the rule checks.' })
  title!: string;

  @Field({ description: 'containers, pods, cluster or users.' })
  area!: string;

  @Field({ description: 'The practice of container security it belongs to.' })
  practice!: string;

  @Field(() => Severity, { description: 'Default severity (organisations may override it).' })
  severity!: Severity;

  @Field({ description: 'Why it matters.' })
  rationale!: string;

  @Field(() => RemediationObject, { description: 'How to fix it.' })
  remediation!: RemediationObject;

  @Field(() => [FrameworkReferenceObject], { description: 'Framework references.' })
  references!: FrameworkReferenceObject[];

  @Field(() => [String], { description: 'The snapshot sections it reads (what the agent must collect).' })
  needs!: string[];
}
