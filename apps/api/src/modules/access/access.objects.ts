import { Field, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum SubjectKind {
  User = 'User',
  Group = 'Group',
  ServiceAccount = 'ServiceAccount',
}
registerEnumType(SubjectKind, {
  name: 'SubjectKind',
  description: 'The kinds of subject RBAC bindings name.',
  valuesMap: {
    User: { description: 'A person or client known to the API server by name.' },
    Group: { description: 'A group of users, from their credentials or the identity provider.' },
    ServiceAccount: { description: 'A Kubernetes service account, named with its namespace.' },
  },
});

@ObjectType('RbacSubject', { description: 'A user, group or service account, as RBAC bindings name it.' })
export class RbacSubjectObject {
  @Field(() => SubjectKind, { description: 'User, Group or ServiceAccount.' })
  kind!: SubjectKind;

  @Field({ description: 'Its name as bindings spell it.' })
  name!: string;

  @Field(() => String, { nullable: true, description: "A service account's namespace." })
  namespace?: string | null;
}

@InputType('RbacSubjectInput', { description: 'A subject to look up.' })
export class RbacSubjectInput {
  @Field(() => SubjectKind, { description: 'User, Group or ServiceAccount.' })
  kind!: SubjectKind;

  @Field({ description: 'Its name as bindings spell it.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Required for a ServiceAccount; none for users and groups.' })
  namespace?: string | null;
}

@ObjectType('RbacBinding', { description: 'A RoleBinding or ClusterRoleBinding, and the role it refers to.' })
export class RbacBindingObject {
  @Field({ description: 'RoleBinding or ClusterRoleBinding.' })
  kind!: string;

  @Field({ description: 'Its name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Its namespace (RoleBindings).' })
  namespace?: string | null;

  @Field({ description: 'Role or ClusterRole.' })
  roleKind!: string;

  @Field({ description: 'The role it refers to.' })
  roleName!: string;
}

@ObjectType('RbacGrant', {
  description: 'One policy rule as a subject holds it: through which binding and role, and where.',
})
export class RbacGrantObject {
  @Field(() => RbacSubjectObject, { description: 'Who holds it (a group when held through one).' })
  subject!: RbacSubjectObject;

  @Field(() => RbacBindingObject, { description: 'The binding that grants it.' })
  binding!: RbacBindingObject;

  @Field(() => String, { nullable: true, description: 'Where it applies; null: cluster-wide.' })
  namespace?: string | null;

  @Field(() => [String], { description: 'The verbs the rule allows (`*`: all).' })
  verbs!: string[];

  @Field(() => [String], { description: 'The API groups it covers ("" is core).' })
  apiGroups!: string[];

  @Field(() => [String], { description: 'The resources and subresources it covers.' })
  resources!: string[];

  @Field(() => [String], { description: 'When not empty, the grant covers only these objects.' })
  resourceNames!: string[];

  @Field(() => [String], { description: 'Non-resource URLs (cluster-wide only), such as /metrics.' })
  nonResourceURLs!: string[];
}

@ObjectType('WhoCanEntry', { description: 'A subject that may do what was asked, and the grants that let it.' })
export class WhoCanEntryObject {
  @Field(() => RbacSubjectObject, { description: 'A subject that may do it.' })
  subject!: RbacSubjectObject;

  @Field(() => [RbacGrantObject], { description: 'The grants that let it, each with its binding and role.' })
  via!: RbacGrantObject[];
}

@ObjectType('RbacPower', { description: 'A dangerous power a subject holds (exec, create pods, mint tokens…).' })
export class RbacPowerObject {
  @Field({ description: 'Stable id: cluster-admin, exec, attach, portforward, node-proxy, create-pods, …' })
  power!: string;

  @Field({ description: 'What it lets the subject do.' })
  description!: string;

  @Field(() => String, { nullable: true, description: 'Where; null: cluster-wide.' })
  namespace?: string | null;

  @Field(() => RbacBindingObject, { description: 'The binding that grants it.' })
  binding!: RbacBindingObject;
}

@ObjectType('SubjectPermissions', {
  description: 'Everything one subject may do in a cluster, as of its newest snapshot.',
})
export class SubjectPermissionsObject {
  @Field(() => RbacSubjectObject, { description: 'The subject asked about.' })
  subject!: RbacSubjectObject;

  @Field(() => [RbacGrantObject], { description: "Its grants, its groups' included." })
  permissions!: RbacGrantObject[];

  @Field(() => [RbacPowerObject], { description: 'The dangerous powers among them.' })
  powers!: RbacPowerObject[];

  @Field(() => [String], {
    nullable: true,
    description: 'Its shortest path to cluster-admin-equivalent power, step by step; null when there is none.',
  })
  pathToClusterAdmin?: string[] | null;
}
