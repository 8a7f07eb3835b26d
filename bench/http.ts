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
