import {
  createConfiguration,
  type KubeConfig,
  KubernetesObjectApi,
  ServerConfiguration,
  VersionApi,
} from '@kubernetes/client-node';
import { type BuildOptions, type CollectionStatus, SnapshotBuilder } from '@kubeward/snapshot';
import type { Log } from '../log';
import { COLLECTED, type CollectedKind } from './kinds';

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

const statusCode = (err: unknown): number | undefined => {
  const e = err as { code?: unknown; statusCode?: unknown };
  const code = typeof e.code === 'number' ? e.code : e.statusCode;
  if (typeof code === 'number') return code;
  // Discovery failures (no such group/version) surface as plain errors.
  return /Unrecognized API version and kind|404/.test(String((err as Error)?.message)) ? 404 : undefined;
};

export class CollectTimeoutError extends Error {
  override name = 'CollectTimeoutError';
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CollectTimeoutError(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * An API client whose every request is aborted after `ms`: racing a timer alone would leave the
 * socket of a hung request open, one more per cycle, for as long as the API server hangs.
 */
function makeClient<T>(
  kubeConfig: KubeConfig,
  type: new (config: ReturnType<typeof createConfiguration>) => T,
  ms: number,
): T {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  return new type(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: kubeConfig },
      promiseMiddleware: [
        {
          pre: async (ctx) => {
            ctx.setSignal(AbortSignal.timeout(ms));
            return ctx;
          },
          post: async (response) => response,
        },
      ],
    }),
  );
}

/**
 * Lists every collected kind, page by page, and keeps only normalised objects. A kind the agent
 * may not list (403) or that the cluster does not serve (404) is recorded as not collected with
 * the reason, never as empty; an expired continue token (410) restarts that list.
 */
export class Collector {
  private readonly objects: KubernetesObjectApi;
  private readonly version: VersionApi;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly log: Log,
    private readonly options: CollectOptions = {},
  ) {
    const timeout = options.requestTimeoutMs ?? 30_000;
    this.objects = makeClient(kubeConfig, KubernetesObjectApi, timeout);
    this.version = makeClient(kubeConfig, VersionApi, timeout);
  }

  /** Collects every kind; `signal` (shutdown) stops between pages. */
  async collect(signal?: AbortSignal): Promise<Collected> {
    const timeout = this.options.requestTimeoutMs ?? 30_000;
    const builder = new SnapshotBuilder();
    const result: Collected = {
      builder,
      notCollected: {},
      endpoint: this.kubeConfig.getCurrentCluster()?.server ?? '',
    };
    try {
      const v = await withTimeout(this.version.getCode(), timeout, 'GET /version');
      result.serverVersion = { gitVersion: v.gitVersion, major: v.major, minor: v.minor };
    } catch (err) {
      result.notCollected.ServerVersion = notCollected(err);
      this.log.warn({ err: (err as Error).message }, 'could not read the server version');
    }
    for (const kind of this.options.kinds ?? COLLECTED) {
      signal?.throwIfAborted();
      const skippedBefore = builder.skipped.length;
      try {
        await this.listAll(kind, timeout, builder, signal);
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
  private async listAll(
    kind: CollectedKind,
    timeout: number,
    builder: SnapshotBuilder,
    signal?: AbortSignal,
  ): Promise<void> {
    const limit = this.options.pageSize ?? 500;
    const mark = builder.mark();
    for (let restarts = 0; ; restarts++) {
      let cont: string | undefined;
      try {
        do {
          signal?.throwIfAborted();
          const page = await withTimeout(
            this.objects.list(
              kind.apiVersion,
              kind.kind,
              undefined,
              undefined,
              undefined,
              undefined,
              undefined,
              undefined,
              limit,
              cont,
            ),
            timeout,
            `list ${kind.kind}`,
          );
          for (const item of page.items) builder.add(item, kind.kind);
          cont = page.metadata?._continue || undefined;
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
