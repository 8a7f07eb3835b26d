import { SnapshotBuilder } from '@kubeward/snapshot';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
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
