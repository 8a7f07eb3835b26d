import type { KubeConfig } from '@kubernetes/client-node';
import {
  type BuildOptions,
  clusterKey,
  type CollectionStatus,
  SnapshotBuilder,
  type SnapshotState,
} from '@kubeward/snapshot/collect';
import type { Log } from '../log';
import { KubeApiError, KubeReader } from './kube-reader';
import { apiVersionOf, COLLECTED, type CollectedKind, listPath } from './kinds';

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
  metadata?: { continue?: string; resourceVersion?: string };
}

export type NotCollected = Extract<CollectionStatus, { collected: false }>;

const statusCode = (err: unknown): number | undefined => (err instanceof KubeApiError ? err.statusCode : undefined);

/**
 * Lists every collected kind, page by page, and keeps only normalised objects. A kind the agent
 * may not list (403) or that the cluster does not serve (404) is recorded as not collected with
 * the reason, never as empty; an expired continue token (410) restarts that list.
 */
export class Collector {
  readonly kube: KubeReader;

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
    const version = await this.serverVersion();
    if ('notCollected' in version) result.notCollected.ServerVersion = version.notCollected;
    else result.serverVersion = version.serverVersion;
    for (const kind of this.options.kinds ?? COLLECTED) {
      signal?.throwIfAborted();
      const skippedBefore = builder.skipped.length;
      try {
        await this.listAll(kind, builderSink(builder, kind), signal);
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

  /** The API server's version, or why it could not be read. */
  async serverVersion(): Promise<
    { serverVersion: NonNullable<BuildOptions['serverVersion']> } | { notCollected: NotCollected }
  > {
    try {
      const v = (await this.kube.get('/version')) as Record<string, unknown>;
      return { serverVersion: { gitVersion: String(v.gitVersion), major: String(v.major), minor: String(v.minor) } };
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not read the server version');
      return { notCollected: notCollected(err) };
    }
  }

  /**
   * Lists one kind into a watched state: each object upserted, and those no longer listed swept
   * away. Resolves to the list's resourceVersion, from which a watch of the kind continues.
   */
  async listInto(kind: CollectedKind, state: SnapshotState, signal?: AbortSignal): Promise<string> {
    const seen = new Set<string>();
    const resourceVersion = await this.listAll(
      kind,
      {
        add: (item, apiVersion) => {
          state.upsert(item, kind.kind, apiVersion);
          const key = clusterKey(kind.kind, item);
          if (key) seen.add(key);
        },
        // A restarted list upserts again what it had: nothing to undo but what it saw.
        restart: () => seen.clear(),
      },
      signal,
    );
    state.sweep(kind.kind, seen);
    return resourceVersion;
  }

  /**
   * Pages through one list, handing each page's items over as they arrive so raw pages never pile
   * up. An expired continue token (410) restarts the list from the top. Resolves to the list's
   * resourceVersion.
   */
  private async listAll(kind: CollectedKind, sink: ListSink, signal?: AbortSignal): Promise<string> {
    const limit = this.options.pageSize ?? 500;
    const apiVersion = apiVersionOf(kind);
    for (let restarts = 0; ; restarts++) {
      let cont: string | undefined;
      let resourceVersion = '';
      try {
        do {
          signal?.throwIfAborted();
          const page = (await this.kube.get(listPath(kind), { limit, continue: cont })) as ListPage;
          for (const item of Array.isArray(page.items) ? page.items : []) sink.add(item, apiVersion);
          // A paged list is consistent at its first page's version.
          resourceVersion ||= page.metadata?.resourceVersion ?? '';
          cont = page.metadata?.continue || undefined;
        } while (cont);
        return resourceVersion;
      } catch (err) {
        sink.restart();
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

interface ListSink {
  add(item: unknown, apiVersion: string): void;
  /** The list restarts from the top (or failed): forget what this one added. */
  restart(): void;
}

function builderSink(builder: SnapshotBuilder, kind: CollectedKind): ListSink {
  const mark = builder.mark();
  return { add: (item, apiVersion) => builder.add(item, kind.kind, apiVersion), restart: () => builder.rollback(mark) };
}

export function notCollected(err: unknown): NotCollected {
  const code = statusCode(err);
  if (code === 403) return { collected: false, reason: 'forbidden', message: 'the agent may not list this kind (403)' };
  if (code === 404)
    return { collected: false, reason: 'not-found', message: 'the API server does not serve this kind (404)' };
  const message = err instanceof Error ? err.message : String(err);
  return { collected: false, reason: 'error', message: message.slice(0, 300) };
}
