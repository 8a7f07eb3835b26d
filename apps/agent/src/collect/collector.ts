import { AppsV1Api, BatchV1Api, CoreV1Api, type KubeConfig, VersionApi } from '@kubernetes/client-node';
import {
  type BuildOptions,
  type CollectionStatus,
  NormaliseError,
  normaliseWorkload,
  type Workload,
  type WorkloadKind,
} from '@kubeward/snapshot';
import type { Log } from '../log';

/** What one page of any list call looks like. */
interface Page {
  items: unknown[];
  metadata?: { _continue?: string };
}
type ListFn = (params: { limit: number; _continue?: string }) => Promise<Page>;

export interface CollectOptions {
  pageSize?: number;
  /** Per request; a hanging API server must not hang the agent. */
  requestTimeoutMs?: number;
}

export interface Collected {
  workloads: Workload[];
  counts: Record<string, number>;
  notCollected: NonNullable<BuildOptions['notCollected']>;
  serverVersion?: BuildOptions['serverVersion'];
  skipped: number;
}

const statusCode = (err: unknown): number | undefined => {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
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
 * Lists every workload kind, page by page, keeping only normalised objects. Controllers are
 * listed before what they control, so a Deployment's ReplicaSets and Pods are recognised and
 * dropped as they stream in (findings belong to the owner) and never held in memory.
 */
export class Collector {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly batch: BatchV1Api;
  private readonly version: VersionApi;

  constructor(
    kubeConfig: KubeConfig,
    private readonly log: Log,
    private readonly options: CollectOptions = {},
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.batch = kubeConfig.makeApiClient(BatchV1Api);
    this.version = kubeConfig.makeApiClient(VersionApi);
  }

  private lists(): [WorkloadKind, ListFn][] {
    return [
      ['CronJob', (p) => this.batch.listCronJobForAllNamespaces(p)],
      ['Job', (p) => this.batch.listJobForAllNamespaces(p)],
      ['Deployment', (p) => this.apps.listDeploymentForAllNamespaces(p)],
      ['ReplicaSet', (p) => this.apps.listReplicaSetForAllNamespaces(p)],
      ['StatefulSet', (p) => this.apps.listStatefulSetForAllNamespaces(p)],
      ['DaemonSet', (p) => this.apps.listDaemonSetForAllNamespaces(p)],
      ['Pod', (p) => this.core.listPodForAllNamespaces(p)],
    ];
  }

  async collect(): Promise<Collected> {
    const timeout = this.options.requestTimeoutMs ?? 30_000;
    const result: Collected = { workloads: [], counts: {}, notCollected: {}, skipped: 0 };
    try {
      const v = await withTimeout(this.version.getCode(), timeout, 'GET /version');
      result.serverVersion = { gitVersion: v.gitVersion, major: v.major, minor: v.minor };
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not read the server version');
    }
    const present = new Set<string>();
    for (const [kind, list] of this.lists()) {
      const start = result.workloads.length;
      const added: string[] = [];
      let count = 0;
      const reset = () => {
        result.workloads.length = start;
        for (const key of added) present.delete(key);
        added.length = 0;
        count = 0;
      };
      const onItem = (raw: unknown) => {
        count++;
        let w: Workload;
        try {
          w = normaliseWorkload(raw, kind);
        } catch (err) {
          if (!(err instanceof NormaliseError)) throw err;
          result.skipped++;
          this.log.warn({ object: err.object, reason: err.message }, 'skipped a malformed object');
          return;
        }
        const key = `${kind}/${w.namespace}/${w.name}`;
        present.add(key);
        added.push(key);
        if (w.owner && present.has(`${w.owner.kind}/${w.namespace}/${w.owner.name}`)) return;
        result.workloads.push(w);
      };
      try {
        await this.listAll(kind, list, timeout, onItem, reset);
        result.counts[kind] = count;
      } catch (err) {
        reset();
        const status = notCollected(err);
        result.notCollected[kind] = status;
        this.log.warn({ kind, reason: status.reason, message: status.message }, 'kind not collected');
      }
    }
    return result;
  }

  /**
   * Pages through one list, handing each item over as it arrives so raw pages never pile up. An
   * expired continue token (410) restarts the list from the top, after `reset` undoes the items
   * already handed over.
   */
  private async listAll(
    kind: string,
    list: ListFn,
    timeout: number,
    onItem: (raw: unknown) => void,
    reset: () => void,
  ): Promise<void> {
    const limit = this.options.pageSize ?? 500;
    for (let restarts = 0; ; restarts++) {
      let cont: string | undefined;
      try {
        do {
          const page = await withTimeout(list({ limit, _continue: cont }), timeout, `list ${kind}`);
          for (const item of page.items) onItem(item);
          cont = page.metadata?._continue || undefined;
        } while (cont);
        return;
      } catch (err) {
        if (statusCode(err) === 410 && restarts < 3) {
          this.log.info({ kind }, 'continue token expired; restarting the list');
          reset();
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
