import * as k8s from '@kubernetes/client-node';
import * as admissionregistration from 'kubernetes-models/admissionregistration.k8s.io/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as batch from 'kubernetes-models/batch/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as rbac from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as core from 'kubernetes-models/v1';

type Doc = Record<string, unknown>;
type Model = new (data: Doc) => { validate(): void };

/** The built-in API groups manifests here use, as the Kubernetes API's OpenAPI schema models them. */
const MODELS: Record<string, Record<string, unknown>> = {
  v1: core,
  'apps/v1': apps,
  'autoscaling/v2': autoscaling,
  'batch/v1': batch,
  'networking.k8s.io/v1': networking,
  'policy/v1': policy,
  'rbac.authorization.k8s.io/v1': rbac,
  'admissionregistration.k8s.io/v1': admissionregistration,
};

type Attribute = { baseName: string; type: string };
const attributes = (type: string): Attribute[] | undefined =>
  (k8s as unknown as Record<string, { getAttributeTypeMap?: () => Attribute[] }>)[type]?.getAttributeTypeMap?.();

/** Fields the schema does not know, as `kubectl --validate=strict` refuses them (the models accept them). */
function unknownFields(value: unknown, type: string, at: string, out: string[]): void {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((v, i) => unknownFields(v, array[1]!, `${at}[${i}]`, out));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    for (const [k, v] of Object.entries(value as Doc)) unknownFields(v, map[1]!, `${at}.${k}`, out);
    return;
  }
  const fields = attributes(type);
  if (!fields || typeof value !== 'object' || Array.isArray(value)) return;
  const byName = new Map(fields.map((f) => [f.baseName, f.type]));
  for (const [k, v] of Object.entries(value as Doc)) {
    const fieldType = byName.get(k);
    if (fieldType === undefined) out.push(`${at}.${k}: unknown field`);
    else unknownFields(v, fieldType, `${at}.${k}`, out);
  }
}

/**
 * What the Kubernetes API would refuse in one object, client side: an unknown kind, a value of
 * the wrong type or a required field missing (kubernetes-models' schemas), or a field the schema
 * does not have (client-node's models). Empty when valid.
 */
export function kubernetesProblems(doc: Doc): string[] {
  const name = `${String(doc.kind)}/${String((doc.metadata as Doc | undefined)?.name)}`;
  const model = MODELS[String(doc.apiVersion)]?.[String(doc.kind)] as Model | undefined;
  if (!model) return [`${name}: no ${String(doc.apiVersion)} ${String(doc.kind)} in the Kubernetes API`];
  const problems: string[] = [];
  try {
    new model(doc).validate();
  } catch (err) {
    problems.push(`${name}: ${(err as Error).message}`);
  }
  const version = String(doc.apiVersion).split('/').pop()!;
  unknownFields(doc, `V${version.slice(1)}${String(doc.kind)}`, name, problems);
  return problems;
}

/** A container's securityContext under the restricted Pod Security Standard, as all of ours are. */
export const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};
