import type { Request } from 'express';
import { createGunzip, type Gunzip } from 'node:zlib';
import { IngestError } from './ingest.errors';
import { expectedBytes, type MemoryLease } from './memory-budget';

export interface Body {
  /** The body, inflated (ingest drops it once parsed when `gzip` is what it stores). */
  text: Buffer;
  /** The body as it came when it came gzipped (kept as is when it is what we would store). */
  gzip?: Buffer;
}

export interface BodyLimits {
  /** Decompressed bytes. */
  maxBytes: number;
  /** Bytes on the wire when the body is gzipped (an identity body is bounded by `maxBytes`). */
  maxCompressedBytes: number;
}

/**
 * Reads the request body, inflating gzip as it streams. Every byte held (compressed and inflated)
 * is counted against the limits and the process's lease as it arrives, so a request costs at most
 * its limits however it is shaped: a gzip bomb stops at `maxBytes`, padding after the gzip member
 * is refused at once, and a refusal stops reading (the connection closes after the answer).
 */
export async function readBody(req: Request, limits: BodyLimits, lease?: MemoryLease): Promise<Body> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  try {
    if (encoding !== 'gzip' && encoding !== 'identity') throw IngestError.badEncoding(encoding);
    const declared = Number(req.headers['content-length']);
    const wireLimit = encoding === 'gzip' ? limits.maxCompressedBytes : limits.maxBytes;
    if (declared > wireLimit) throw IngestError.tooLarge(wireLimit, encoding === 'gzip');
    // The request's expected share of memory, before a byte is read: refused whole, not half-read.
    lease?.reserve(expectedBytes(declared, encoding === 'gzip', limits));
    return encoding === 'gzip' ? await readGzip(req, limits, lease) : await readIdentity(req, limits, lease);
  } catch (err) {
    abandon(req);
    if (typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('Z_')) {
      throw IngestError.badGzip();
    }
    throw err;
  }
}

async function readIdentity(req: Request, limits: BodyLimits, lease?: MemoryLease): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunksOf(req)) {
    size += chunk.length;
    if (size > limits.maxBytes) throw IngestError.tooLarge(limits.maxBytes, false);
    lease?.take(chunk.length);
    chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks, size) };
}

async function readGzip(req: Request, limits: BodyLimits, lease?: MemoryLease): Promise<Body> {
  const compressed: Buffer[] = [];
  let compressedSize = 0;
  const inflated: Buffer[] = [];
  let size = 0;
  let failure: unknown;
  let ended = false;
  const gunzip = createGunzip();
  gunzip.on('data', (chunk: Buffer) => {
    if (failure) return;
    try {
      size += chunk.length;
      if (size > limits.maxBytes) throw IngestError.tooLarge(limits.maxBytes, false);
      lease?.take(chunk.length);
      inflated.push(chunk);
    } catch (err) {
      // Stops inflating mid-chunk: a bomb costs `maxBytes`, not what the chunk would expand to.
      failure = err;
      gunzip.destroy();
    }
  });
  gunzip.on('error', (err) => (failure ??= err));
  gunzip.on('end', () => (ended = true));

  try {
    for await (const chunk of chunksOf(req)) {
      compressedSize += chunk.length;
      if (compressedSize > limits.maxCompressedBytes) throw IngestError.tooLarge(limits.maxCompressedBytes, true);
      // zlib stops at the end of the gzip member and silently drops whatever follows.
      if (ended) throw IngestError.trailingData();
      lease?.take(chunk.length);
      compressed.push(chunk);
      await write(gunzip, chunk);
      if (failure) throw failure;
      if (gunzip.bytesWritten < compressedSize) throw IngestError.trailingData();
    }
    await endOf(gunzip);
    if (failure) throw failure;
    if (gunzip.bytesWritten < compressedSize) throw IngestError.trailingData();
    return { text: Buffer.concat(inflated, size), gzip: Buffer.concat(compressed, compressedSize) };
  } finally {
    gunzip.destroy();
  }
}

/** The request's chunks; leaving the loop early keeps the socket, so the refusal can still be sent. */
const chunksOf = (req: Request): AsyncIterable<Buffer> => req.iterator({ destroyOnReturn: false });

function write(gunzip: Gunzip, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (gunzip.destroyed) return resolve();
    // Errors surface through the 'error' listener (as `failure`); zlib does not call back after
    // one, so its close ends the wait too.
    gunzip.once('close', resolve);
    gunzip.write(chunk, () => {
      gunzip.off('close', resolve);
      resolve();
    });
  });
}

function endOf(gunzip: Gunzip): Promise<void> {
  return new Promise((resolve) => {
    if (gunzip.destroyed || gunzip.readableEnded) return resolve();
    gunzip.once('end', resolve);
    gunzip.once('close', resolve);
    gunzip.end();
  });
}

/** What a refused sender may still push after our answer before its socket is destroyed. */
const LINGER_BYTES = 1024 * 1024;
const LINGER_MS = 2_000;

/**
 * Stop reading a body we refused. Node would otherwise read (and discard) the rest of it to keep
 * the connection alive, which is exactly what a hostile sender wants. The answer says
 * `Connection: close`, so Node closes the connection once the answer is flushed; should the
 * sender keep it open and keep sending, it is destroyed after 1 MB or 2 s more at the latest.
 * A client still sending may see the connection reset before it reads the answer; it retries.
 */
export function abandon(req: Request): void {
  if (req.complete || req.res?.getHeader('connection') === 'close') return;
  req.pause();
  const res = req.res;
  // Null once Node has let go of a finished request's socket.
  const socket = req.socket as Request['socket'] | null;
  if (!socket) return;
  if (!res || res.headersSent) {
    socket.destroy();
    return;
  }
  res.setHeader('Connection', 'close');
  res.once('finish', () => {
    let discarded = 0;
    req.removeAllListeners('data');
    req.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > LINGER_BYTES) socket.destroy();
    });
    req.resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}
