import { UseGuards } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import {
  AccessQuestionError,
  describeStep,
  parseAccess,
  parseSubject,
  POWERS,
  subjectAccess,
  whoCan,
  type Permission,
} from '@kubeward/rules';
import { DomainError } from '../../infra/errors';
import type { Subject } from '@kubeward/snapshot';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ClustersService } from '../clusters/clusters.service';
import { AccessRepository } from './access.repository';
import {
  RbacBindingObject,
  RbacGrantObject,
  RbacSubjectInput,
  SubjectKind,
  SubjectPermissionsObject,
  WhoCanEntryObject,
  type RbacSubjectObject,
} from './access.objects';

export class AccessError extends DomainError {
  static noSnapshot(clusterId: string) {
    return new AccessError('NOT_FOUND', `Cluster ${clusterId} has not sent a snapshot with its RBAC yet.`);
  }
}

/** A question checked before anything is read; its problem told as BAD_USER_INPUT, naming the field. */
function checked<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof AccessQuestionError) throw new AccessError('BAD_USER_INPUT', err.message, { field: err.field });
    throw err;
  }
}

const subjectObject = (s: Subject): RbacSubjectObject => ({
  kind: s.kind as SubjectKind,
  name: s.name,
  namespace: s.namespace ?? null,
});

const bindingObject = (p: Pick<Permission, 'binding' | 'roleRef'>): RbacBindingObject => ({
  kind: p.binding.kind,
  name: p.binding.name,
  namespace: p.binding.namespace ?? null,
  roleKind: p.roleRef.kind,
  roleName: p.roleRef.name,
});

const grantObject = (p: Permission): RbacGrantObject => ({
  subject: subjectObject(p.subject),
  binding: bindingObject(p),
  namespace: p.namespace ?? null,
  verbs: p.rule.verbs,
  apiGroups: p.rule.apiGroups,
  resources: p.rule.resources,
  resourceNames: p.rule.resourceNames,
  nonResourceURLs: p.rule.nonResourceURLs,
});

/** RBAC questions answered from a cluster's newest snapshot: who can do what, and what one subject can. */
@Resolver()
@UseGuards(ApiKeyGuard)
export class AccessResolver {
  constructor(
    private readonly clusters: ClustersService,
    private readonly access: AccessRepository,
  ) {}

  private async rbacOf(principal: Principal, clusterId: string) {
    await this.clusters.assertOwned(principal, clusterId);
    const rbac = await this.access.rbacOf(clusterId);
    if (!rbac) throw AccessError.noSnapshot(clusterId);
    return rbac;
  }

  @Query(() => [WhoCanEntryObject], {
    description:
      'Who may do `verb` on `resource` (in `apiGroup`, "" for core) in `namespace` (any namespace, or cluster-wide, when omitted), ' +
      "as the cluster's newest snapshot says: each subject with the grants that let it, groups included as groups.",
  })
  async whoCan(
    @CurrentPrincipal() principal: Principal,
    @Args('clusterId', { type: () => ID, description: 'The cluster.' }) clusterId: string,
    @Args('verb', { description: 'get, list, create, update, patch, delete, impersonate, bind, escalate, *' })
    verb: string,
    @Args('resource', { description: 'A resource or resource/subresource: secrets, pods/exec.' }) resource: string,
    @Args('apiGroup', { type: () => String, nullable: true, description: '"" (core) when omitted.' })
    apiGroup?: string | null,
    @Args('namespace', {
      type: () => String,
      nullable: true,
      description: 'Any namespace, or cluster-wide, when omitted.',
    })
    namespace?: string | null,
  ): Promise<WhoCanEntryObject[]> {
    const access = checked(() => parseAccess({ verb, resource, apiGroup, namespace }));
    const rbac = await this.rbacOf(principal, clusterId);
    return whoCan(rbac, access).map((w) => ({ subject: subjectObject(w.subject), via: w.via.map(grantObject) }));
  }

  @Query(() => SubjectPermissionsObject, {
    description:
      'Everything a user, group or service account may do in a cluster, its dangerous powers, and its path to cluster-admin.',
  })
  async subjectPermissions(
    @CurrentPrincipal() principal: Principal,
    @Args('clusterId', { type: () => ID, description: 'The cluster.' }) clusterId: string,
    @Args('subject', { type: () => RbacSubjectInput, description: 'The subject.' }) input: RbacSubjectInput,
  ): Promise<SubjectPermissionsObject> {
    const subject = checked(() => parseSubject(input));
    const rbac = await this.rbacOf(principal, clusterId);
    const { permissions, powers, pathToClusterAdmin } = subjectAccess(rbac, subject);
    return {
      subject: subjectObject(subject),
      permissions: permissions.map(grantObject),
      powers: powers.map((p) => ({
        power: p.power,
        description: POWERS[p.power].label,
        namespace: p.namespace ?? null,
        binding: bindingObject(p),
      })),
      pathToClusterAdmin: pathToClusterAdmin?.map(describeStep) ?? null,
    };
  }
}
