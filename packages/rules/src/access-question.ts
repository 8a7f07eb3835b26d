import type { Subject } from '@kubeward/snapshot';
import type { Access } from './permissions';

/** A malformed RBAC question: which field, and why. */
export class AccessQuestionError extends Error {
  constructor(
    readonly field: string,
    why: string,
  ) {
    super(`${field}: ${why}.`);
  }
}

const invalid = (field: string, why: string) => new AccessQuestionError(field, why);

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
    throw invalid('verb', `"${clip(input.verb)}" is not a Kubernetes verb (get, list, create, impersonate, *)`);
  if (!RESOURCE.test(input.resource)) {
    throw invalid(
      'resource',
      `"${clip(input.resource)}" is not a resource, or resource/subresource, in lower case (pods, pods/exec)`,
    );
  }
  const apiGroup = input.apiGroup ?? '';
  if (!API_GROUP.test(apiGroup))
    throw invalid('apiGroup', `"${clip(apiGroup)}" is not an API group ("" for core, apps, rbac.authorization.k8s.io)`);
  const namespace = input.namespace ?? undefined;
  if (namespace !== undefined && !DNS_LABEL.test(namespace)) {
    throw invalid('namespace', `"${clip(namespace)}" is not a namespace name`);
  }
  return { verb: input.verb, resource: input.resource, apiGroup, ...(namespace !== undefined ? { namespace } : {}) };
}

export const SUBJECT_KINDS = ['User', 'Group', 'ServiceAccount'] as const;

/** Checks a subject: a service account needs its namespace; users and groups have none. */
export function parseSubject(input: { kind: string; name: string; namespace?: string | null }): Subject {
  if (!(SUBJECT_KINDS as readonly string[]).includes(input.kind)) {
    throw invalid('subject.kind', `must be one of ${SUBJECT_KINDS.join(', ')}`);
  }
  if (input.name.length === 0 || input.name.length > 253 || [...input.name].some((c) => c < ' ')) {
    throw invalid('subject.name', 'must be 1 to 253 printable characters');
  }
  if (input.kind === 'ServiceAccount') {
    if (!input.namespace || !DNS_LABEL.test(input.namespace)) {
      throw invalid('subject.namespace', 'a ServiceAccount is named with its namespace');
    }
    return { kind: input.kind, name: input.name, namespace: input.namespace };
  }
  if (input.namespace) throw invalid('subject.namespace', `a ${input.kind} has no namespace`);
  return { kind: input.kind, name: input.name };
}

const clip = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);
