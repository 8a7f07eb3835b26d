import type { Request } from 'express';
import getRawBody from 'raw-body';
import { createGunzip } from 'node:zlib';
import { IngestError } from './ingest.errors';

/**
 * Reads the request body, inflating gzip as it streams and stopping as soon as the decompressed
 * size passes the limit, so a gzip bomb costs us `limit` bytes at most.
 */
export async function readBody(req: Request, limit: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding !== 'gzip' && encoding !== 'identity') throw IngestError.badEncoding(encoding);
  const stream = encoding === 'gzip' ? req.pipe(createGunzip()) : req;
  try {
    return await getRawBody(stream, { limit });
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
