import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { RuleObject } from '../catalogue/rule.object';

export enum ControlAssessment {
  RULES = 'RULES',
  MANUAL = 'MANUAL',
  NOT_EVALUABLE = 'NOT_EVALUABLE',
}
registerEnumType(ControlAssessment, {
  name: 'ControlAssessment',
  description: 'How a control is judged.',
  valuesMap: {
    RULES: { description: 'By the rules listed with it.' },
    MANUAL: { description: 'By a person, from evidence outside the cluster.' },
    NOT_EVALUABLE: { description: 'Not from a snapshot: what it needs is not visible through the API.' },
  },
});

@ObjectType('Control', { description: 'A control (recommendation, section, practice) of a framework.' })
export class ControlObject {
  @Field({ description: "Stable within its framework: the framework's own number where it has one." })
  id!: string;

  @Field({ description: 'Its title in the framework.' })
  title!: string;

  @Field({ description: "The framework's section that holds it." })
  group!: string;

  @Field({ description: 'What the control requires.' })
  requirement!: string;

  @Field({ description: "Where the framework says so: section and title in the framework's text." })
  source!: string;

  @Field(() => ControlAssessment, { description: 'How it is judged.' })
  assessment!: ControlAssessment;

  @Field(() => String, { nullable: true, description: 'For MANUAL and NOT_EVALUABLE: why no rule judges it.' })
  reason!: string | null;

  @Field(() => [RuleObject], { description: 'The rules that judge it (none for MANUAL and NOT_EVALUABLE).' })
  rules!: RuleObject[];
}

@ObjectType('Framework', { description: 'A compliance framework, as versioned data.' })
export class FrameworkObject {
  @Field({ description: 'Stable and versioned, e.g. cis-1.10; a new version is a new framework.' })
  id!: string;

  @Field({ description: 'Its name, e.g. CIS Kubernetes Benchmark.' })
  name!: string;

  @Field({ description: 'The version of the published text the controls follow.' })
  version!: string;

  @Field({ description: 'Who publishes it.' })
  publisher!: string;

  @Field({ description: 'Where to read it.' })
  url!: string;

  @Field({ description: 'What it covers, and what of it Kubeward does not.' })
  description!: string;

  @Field(() => [ControlObject], { description: 'Its controls, in the order of its text.' })
  controls!: ControlObject[];
}
