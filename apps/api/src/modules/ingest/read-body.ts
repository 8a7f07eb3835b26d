import type { Request } from 'express';
import getRawBody from 'raw-body';
import { createGunzip } from 'node:zlib';
import { IngestError } from './ingest.errors';

export interface Body {
  /** The body, inflated. */
  text: Buffer;
  /** The body as it came when it came gzipped (kept as is when it is what we would store). */
  gzip?: Buffer;
}

/**
 * Reads the request body, inflating gzip as it streams and stopping as soon as the decompressed
 * size passes the limit, so a gzip bomb costs us `limit` bytes at most.
 */
export async function readBody(req: Request, limit: number): Promise<Body> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding !== 'gzip' && encoding !== 'identity') throw IngestError.badEncoding(encoding);
  const compressed: Buffer[] = [];
  if (encoding === 'gzip') req.on('data', (chunk: Buffer) => compressed.push(chunk));
  const stream = encoding === 'gzip' ? req.pipe(createGunzip()) : req;
  try {
    const text = await getRawBody(stream, { limit });
    return encoding === 'gzip' ? { text, gzip: Buffer.concat(compressed) } : { text };
  } catch (err) {
    const e = err as { type?: string; code?: string };
    if (e.type === 'entity.too.large') {
      req.unpipe();
      req.resume();
      throw IngestError.tooLarge(limit);
    }
    if (typeof e.code === 'string' && e.code.startsWith('Z_')) throw IngestError.badGzip();
    throw err;
  }
}
