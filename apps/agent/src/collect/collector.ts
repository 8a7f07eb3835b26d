import type { KubeConfig } from '@kubernetes/client-node';
import { type BuildOptions, type CollectionStatus, SnapshotBuilder } from '@kubeward/snapshot';
import type { Log } from '../log';
import { KubeApiError, KubeReader } from './kube-reader';
import { COLLECTED, type CollectedKind, listPath } from './kinds';

export interface CollectOptions {
  pageSize?: number;
  /** Per request; a hanging API server must not hang the agent. */
  requestTimeoutMs?: number;
  kinds?: readonly CollectedKind[];
}

export interface Collected {
  builder: SnapshotBuilder;
  notCollected: NonNullable<BuildOptions['notCollected']>;
  serverVersion?: BuildOptions['serverVersion'];
  endpoint: string;
}

interface ListPage {
  items?: unknown[];
  metadata?: { continue?: string };
}

const statusCode = (err: unknown): number | undefined => (err instanceof KubeApiError ? err.statusCode : undefined);

/**
 * Lists every collected kind, page by page, and keeps only normalised objects. A kind the agent
 * may not list (403) or that the cluster does not serve (404) is recorded as not collected with
 * the reason, never as empty; an expired continue token (410) restarts that list.
 */
export class Collector {
  private readonly kube: KubeReader;

  constructor(
    kubeConfig: KubeConfig,
    private readonly log: Log,
    private readonly options: CollectOptions = {},
  ) {
    this.kube = new KubeReader(kubeConfig, options.requestTimeoutMs ?? 30_000);
  }

  /** Collects every kind; `signal` (shutdown) stops between pages. */
  async collect(signal?: AbortSignal): Promise<Collected> {
    // Compact: normalised objects are kept as JSON text, a fifth of their size as objects.
    const builder = new SnapshotBuilder({}, { compact: true });
    const result: Collected = { builder, notCollected: {}, endpoint: this.kube.endpoint };
    try {
      const v = (await this.kube.get('/version')) as Record<string, unknown>;
      result.serverVersion = { gitVersion: String(v.gitVersion), major: String(v.major), minor: String(v.minor) };
    } catch (err) {
      result.notCollected.ServerVersion = notCollected(err);
      this.log.warn({ err: (err as Error).message }, 'could not read the server version');
    }
    for (const kind of this.options.kinds ?? COLLECTED) {
      signal?.throwIfAborted();
      const skippedBefore = builder.skipped.length;
      try {
        await this.listAll(kind, builder, signal);
      } catch (err) {
        signal?.throwIfAborted();
        const status = notCollected(err);
        if (kind.optional && status.reason === 'not-found') continue;
        result.notCollected[kind.kind] = status;
        this.log.warn({ kind: kind.kind, reason: status.reason, message: status.message }, 'kind not collected');
      }
      for (const err of builder.skipped.slice(skippedBefore)) {
        this.log.warn({ object: err.object, reason: err.message }, 'skipped a malformed object');
      }
    }
    return result;
  }

  /**
   * Pages through one list, normalising each page into the builder as it arrives so raw pages
   * never pile up. An expired continue token (410) rolls back what this list added and restarts it.
   */
  private async listAll(kind: CollectedKind, builder: SnapshotBuilder, signal?: AbortSignal): Promise<void> {
    const limit = this.options.pageSize ?? 500;
    const mark = builder.mark();
    const apiVersion = kind.group ? `${kind.group}/${kind.version}` : kind.version;
    for (let restarts = 0; ; restarts++) {
      let cont: string | undefined;
      try {
        do {
          signal?.throwIfAborted();
          const page = (await this.kube.get(listPath(kind), { limit, continue: cont })) as ListPage;
          for (const item of Array.isArray(page.items) ? page.items : []) builder.add(item, kind.kind, apiVersion);
          cont = page.metadata?.continue || undefined;
        } while (cont);
        return;
      } catch (err) {
        builder.rollback(mark);
        signal?.throwIfAborted();
        if (statusCode(err) === 410 && restarts < 3) {
          this.log.info({ kind: kind.kind }, 'continue token expired; restarting the list');
          continue;
        }
        throw err;
      }
    }
  }
}

function notCollected(err: unknown): Extract<CollectionStatus, { collected: false }> {
  const code = statusCode(err);
  if (code === 403) return { collected: false, reason: 'forbidden', message: 'the agent may not list this kind (403)' };
  if (code === 404)
    return { collected: false, reason: 'not-found', message: 'the API server does not serve this kind (404)' };
  const message = err instanceof Error ? err.message : String(err);
  return { collected: false, reason: 'error', message: message.slice(0, 300) };
}
