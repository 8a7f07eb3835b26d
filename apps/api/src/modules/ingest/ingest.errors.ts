import type { SnapshotIssue } from '@kubeward/snapshot';
import { DomainError } from '../../infra/errors';

export class IngestError extends DomainError {
  static tooLarge(limit: number, compressed: boolean): IngestError {
    const [what, setting] = compressed
      ? ['compressed', 'INGEST_MAX_COMPRESSED_BYTES']
      : ['decompressed', 'INGEST_MAX_BYTES'];
    return new IngestError(
      'PAYLOAD_TOO_LARGE',
      `The snapshot exceeds the limit of ${limit} bytes (${what}). Raise ${setting} or reduce what the agent collects.`,
      { limitBytes: limit },
    );
  }
  static trailingData(): IngestError {
    return new IngestError(
      'BAD_USER_INPUT',
      'The body has data after the end of its gzip stream: send one gzip stream and nothing after it.',
    );
  }
  static busy(retryAfterSeconds: number): IngestError {
    return new IngestError('UNAVAILABLE', `The API is busy taking other snapshots; retry in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }
  static badEncoding(encoding: string): IngestError {
    return new IngestError('BAD_USER_INPUT', `Unsupported Content-Encoding "${encoding}": send gzip or no encoding.`);
  }
  static badGzip(): IngestError {
    return new IngestError('BAD_USER_INPUT', 'The body is not valid gzip.');
  }
  static badJson(reason: string): IngestError {
    return new IngestError('BAD_USER_INPUT', `The body is not valid JSON: ${reason}`);
  }
  static invalidSnapshot(issues: SnapshotIssue[]): IngestError {
    const first = issues[0]!;
    return new IngestError('BAD_USER_INPUT', `Invalid snapshot at ${first.path}: ${first.message}`, { issues });
  }
  static badHeartbeat(path: string, message: string): IngestError {
    return new IngestError('BAD_USER_INPUT', `Invalid heartbeat at ${path}: ${message}`);
  }
  static rateLimited(retryAfterSeconds: number): IngestError {
    return new IngestError('RATE_LIMITED', `Too many requests for this cluster; retry in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }
  static badDelta(path: string, message: string): IngestError {
    return new IngestError('BAD_USER_INPUT', `Invalid delta at ${path}: ${message}`);
  }
  static unknownBase(): IngestError {
    return new IngestError(
      'CONFLICT',
      "No stored snapshot of this cluster has the delta's base content hash: send the snapshot itself.",
    );
  }
  static deltaMismatch(): IngestError {
    return new IngestError(
      'CONFLICT',
      'The delta applied to its base does not make the content the agent named: send the snapshot itself.',
    );
  }
  static unknownContent(): IngestError {
    return new IngestError(
      'CONFLICT',
      'No stored snapshot of this cluster has this content hash: send the snapshot itself.',
    );
  }
}
