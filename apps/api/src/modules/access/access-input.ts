import type { Access } from '@kubeward/rules';
import type { Subject } from '@kubeward/snapshot';
import { DomainError } from '../../infra/errors';

export class AccessError extends DomainError {
  static input(field: string, why: string) {
    return new AccessError('BAD_USER_INPUT', `${field}: ${why}.`, { field });
  }
  static noSnapshot(clusterId: string) {
    return new AccessError('NOT_FOUND', `Cluster ${clusterId} has not sent a snapshot with its RBAC yet.`);
  }
}

const VERB = /^(\*|[a-z][a-zA-Z]{0,62})$/;
const RESOURCE = /^(\*|[a-z0-9][a-z0-9.-]{0,252})(\/(\*|[a-z0-9][a-z0-9.-]{0,252}))?$/;
const API_GROUP = /^([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?|\*)?$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Checks a who-can question: names as Kubernetes spells them, before anything is read. */
export function parseAccess(input: {
  verb: string;
  resource: string;
  apiGroup?: string | null;
  namespace?: string | null;
}): Access {
  if (!VERB.test(input.verb))
    throw AccessError.input(
      'verb',
      `"${clip(input.verb)}" is not a Kubernetes verb (get, list, create, impersonate, *)`,
    );
  if (!RESOURCE.test(input.resource)) {
    throw AccessError.input(
      'resource',
      `"${clip(input.resource)}" is not a resource, or resource/subresource, in lower case (pods, pods/exec)`,
    );
  }
  const apiGroup = input.apiGroup ?? '';
  if (!API_GROUP.test(apiGroup))
    throw AccessError.input(
      'apiGroup',
      `"${clip(apiGroup)}" is not an API group ("" for core, apps, rbac.authorization.k8s.io)`,
    );
  const namespace = input.namespace ?? undefined;
  if (namespace !== undefined && !DNS_LABEL.test(namespace)) {
    throw AccessError.input('namespace', `"${clip(namespace)}" is not a namespace name`);
  }
  return { verb: input.verb, resource: input.resource, apiGroup, ...(namespace !== undefined ? { namespace } : {}) };
}

export const SUBJECT_KINDS = ['User', 'Group', 'ServiceAccount'] as const;

/** Checks a subject: a service account needs its namespace; users and groups have none. */
export function parseSubject(input: { kind: string; name: string; namespace?: string | null }): Subject {
  if (!(SUBJECT_KINDS as readonly string[]).includes(input.kind)) {
    throw AccessError.input('subject.kind', `must be one of ${SUBJECT_KINDS.join(', ')}`);
  }
  if (input.name.length === 0 || input.name.length > 253 || [...input.name].some((c) => c < ' ')) {
    throw AccessError.input('subject.name', 'must be 1 to 253 printable characters');
  }
  if (input.kind === 'ServiceAccount') {
    if (!input.namespace || !DNS_LABEL.test(input.namespace)) {
      throw AccessError.input('subject.namespace', 'a ServiceAccount is named with its namespace');
    }
    return { kind: input.kind, name: input.name, namespace: input.namespace };
  }
  if (input.namespace) throw AccessError.input('subject.namespace', `a ${input.kind} has no namespace`);
  return { kind: input.kind, name: input.name };
}

const clip = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);
