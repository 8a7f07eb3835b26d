import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

/** The install manifests, next to this module in both layouts (src/ and dist/). */
export const DEPLOY_DIR = path.resolve(__dirname, '../deploy');

export interface ManifestValues {
  /** The cluster's name in Kubeward, recorded as an annotation for people reading the cluster. */
  clusterName: string;
  /** Where the agent pushes: https, or http when the API allows it (development). */
  apiUrl: string;
  /** The agent token: written only into the Secret. */
  token: string;
  /** Image reference, e.g. a digest-pinned `ghcr.io/kubeward/agent@sha256:…`; the file's when absent. */
  image?: string;
  /**
   * PEM certificates of a private CA the API's certificate chains to (an internal CA, Caddy's for
   * local use): shipped in a ConfigMap and trusted by the agent through NODE_EXTRA_CA_CERTS.
   */
  caCertificates?: string;
}

/** Where the agent finds the CA certificates the manifests ship, when they ship some. */
const CA_DIR = '/etc/kubeward/ca';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every object of apps/agent/deploy, in file order. */
export function loadManifests(dir = DEPLOY_DIR): Doc[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => parseAllDocuments(readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as Doc))
    .filter((d) => d && typeof d.kind === 'string');
}

/**
 * The manifests filled in for one cluster, as one multi-document YAML for `kubectl apply -f -`.
 * Values are set on the parsed objects, never pasted into text, so no value can break the YAML.
 */
export function renderManifests(values: ManifestValues, dir = DEPLOY_DIR): string {
  const docs = loadManifests(dir);
  const api = new URL(values.apiUrl);
  const apiPort = Number(api.port || (api.protocol === 'https:' ? 443 : 80));
  for (const doc of docs) {
    if (doc.kind === 'Secret' && doc.metadata?.name === 'kubeward-agent-token')
      doc.stringData = { token: values.token };
    if (doc.kind === 'Deployment' && doc.metadata?.name === 'kubeward-agent') {
      doc.metadata.annotations = { ...doc.metadata.annotations, 'kubeward.io/cluster': values.clusterName };
      const container = doc.spec.template.spec.containers[0];
      if (values.image) container.image = values.image;
      for (const env of container.env) if (env.name === 'KUBEWARD_API_URL') env.value = values.apiUrl;
      // The agent refuses plain http unless told: only an API that allows it renders such a URL.
      if (api.protocol === 'http:') container.env.push({ name: 'KUBEWARD_ALLOW_HTTP', value: 'true' });
      if (values.caCertificates) {
        const pod = doc.spec.template.spec;
        container.env.push({ name: 'NODE_EXTRA_CA_CERTS', value: `${CA_DIR}/ca.crt` });
        container.volumeMounts.push({ name: 'api-ca', mountPath: CA_DIR, readOnly: true });
        pod.volumes.push({
          name: 'api-ca',
          configMap: { name: 'kubeward-agent-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] },
        });
      }
    }
    if (doc.kind === 'NetworkPolicy' && doc.metadata?.name === 'kubeward-agent') {
      // The egress to Kubeward follows its URL's port (the file's rule is the Kubernetes API's).
      const ports: Doc[] = doc.spec.egress[0].ports;
      if (!ports.some((p) => p.protocol === 'TCP' && p.port === apiPort))
        doc.spec.egress.splice(1, 0, { ports: [{ protocol: 'TCP', port: apiPort }] });
    }
  }
  if (values.caCertificates) {
    const namespace = docs.find((d) => d.kind === 'Deployment')?.metadata.namespace;
    docs.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kubeward-agent-ca', namespace, labels: { 'app.kubernetes.io/name': 'kubeward-agent' } },
      data: { 'ca.crt': values.caCertificates },
    });
  }
  return docs.map((d) => stringify(d)).join('---\n');
}
