import { SnapshotBuilder } from '@kubeward/snapshot';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** `drift` as the benchmarks ask it: counts, and the first of each list. */
export const DRIFT = `query ($c: ID!, $from: DateTime!, $to: DateTime!) { drift(clusterId: $c, from: $from, to: $to) {
  opened { at finding { id ruleId severity resource { name } } }
  resolved { at reason finding { id ruleId } }
  reopened { at finding { id } }
  modified { at name } added { name } removed { name }
  counts { opened resolved reopened added modified removed } truncated } }`;

/** A GraphQL request over HTTP, as a client sends it; throws with the messages of any errors. */
export async function graphql<T>(url: string, key: string, query: string, variables?: object): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data!;
}

/** An organisation made by the operator, with `clusters` clusters registered by its owner key. */
export async function benchOrganization(
  apiUrl: string,
  operatorToken: string,
  name: string,
  clusters: number,
): Promise<{ key: string; organizationId: string; clusterIds: string[] }> {
  const { createOrganization } = await graphql<{
    createOrganization: { ownerApiKey: string; organization: { id: string } };
  }>(
    apiUrl,
    operatorToken,
    'mutation ($n: String!) { createOrganization(name: $n) { ownerApiKey organization { id } } }',
    {
      n: name,
    },
  );
  const clusterIds: string[] = [];
  for (let c = 0; c < clusters; c++) {
    const { registerCluster } = await graphql<{ registerCluster: { cluster: { id: string } } }>(
      apiUrl,
      createOrganization.ownerApiKey,
      'mutation ($n: String!) { registerCluster(name: $n) { cluster { id } } }',
      { n: `cluster-${String(c).padStart(2, '0')}` },
    );
    clusterIds.push(registerCluster.cluster.id);
  }
  return { key: createOrganization.ownerApiKey, organizationId: createOrganization.organization.id, clusterIds };
}

/**
 * Manifests as the agent sends them: the compact builder's canonical pieces, gzipped, with the
 * content hash it computed.
 */
export function agentBody(
  manifests: Record<string, unknown>[],
  collectedAt: string,
): { id: string; gzip: Buffer; contentHash: string } {
  const id = randomUUID();
  const builder = new SnapshotBuilder({}, { compact: true });
  for (const o of manifests) builder.add(o);
  const out = builder.serialise({ snapshotId: id, collectedAt, agentVersion: 'bench', source: 'cluster' });
  return { id, gzip: gzipSync([...out.pieces()].join('')), contentHash: out.contentHash };
}
