import { type KubeConfig, Watch } from '@kubernetes/client-node';
import { type BuildOptions, SnapshotState } from '@kubeward/snapshot/collect';
import type { Log } from '../log';
import { backoff, sleep } from '../push/pusher';
import { type Collector, notCollected, type NotCollected } from './collector';
import { apiVersionOf, COLLECTED, type CollectedKind, listPath, objectPath } from './kinds';
import { KubeApiError } from './kube-reader';

/** What the health endpoint says of one kind. */
export interface KindStatus {
  state: 'listing' | 'watching' | 'reconnecting' | 'not-collected' | 'stopped';
  /** Where the watch resumes from. */
  resourceVersion?: string;
  /** Events applied since the agent started. */
  events: number;
  relists: number;
  /** Watches resumed (the server's timeout, a cut connection, a failure). */
  reconnects: number;
  /** When the last event or bookmark arrived (ms since the epoch). */
  lastEventAt?: number;
  lastError?: string;
}

export interface WatchOptions {
  kinds?: readonly CollectedKind[];
  /** Reconnection backoff (full jitter): base and cap. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Asked of the API server per watch request; it then ends the stream cleanly and the watch resumes. */
  watchTimeoutSeconds?: number;
}

type WatchEnd = { kind: 'closed' } | { kind: 'expired' } | { kind: 'failed'; error: unknown } | { kind: 'aborted' };

/**
 * Keeps a `SnapshotState` of the cluster current: every collected kind listed, then watched from
 * the list's resourceVersion (with bookmarks). A watch that ends is resumed from the last version
 * seen; one the API server no longer remembers (410 Gone, or an ERROR event saying so) lists its
 * kind again. Failures reconnect with backoff. Each change calls `onChange`; a relist marks the
 * state as needing a full push. Secrets are not a collected kind, so they are never watched.
 */
export class ClusterWatch {
  readonly state = new SnapshotState();
  readonly kinds = new Map<string, KindStatus>();
  readonly notCollected: Record<string, NotCollected> = {};
  serverVersion?: BuildOptions['serverVersion'];
  /** Set when a kind was listed again (or lost): the next push must be the whole snapshot. */
  fullNeeded = true;
  private readonly watch: Watch;
  /** Stops the current generation of watches (for a resync, or shutdown). */
  private generation = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    kubeConfig: KubeConfig,
    private readonly collector: Collector,
    private readonly log: Log,
    private readonly onChange: () => void,
    private readonly options: WatchOptions = {},
  ) {
    this.watch = new Watch(kubeConfig);
  }

  private get collected(): readonly CollectedKind[] {
    return this.options.kinds ?? COLLECTED;
  }

  /**
   * Lists every kind, then starts watching each; resolves once the lists are complete. Called
   * again (a resync), it stops the watches, lists everything afresh into the same state (what
   * is gone swept away) and watches from the new lists.
   */
  async start(signal: AbortSignal): Promise<void> {
    this.generation.abort();
    await Promise.all(this.loops);
    const generation = new AbortController();
    this.generation = generation;
    const stop = AbortSignal.any([signal, generation.signal]);
    await this.readVersion();
    const listed = new Map<CollectedKind, string | undefined>();
    for (const kind of this.collected) {
      stop.throwIfAborted();
      listed.set(kind, await this.list(kind, stop));
    }
    this.loops = [...listed].map(([kind, rv]) => this.run(kind, rv, stop));
  }

  /**
   * Reads again each object the state wants (what a controller stood for, when the controller
   * went first), so that a snapshot of the state is complete. One that is gone (404) is removed;
   * one that cannot be read now stays wanted, and the next push tries again.
   */
  async settle(signal: AbortSignal): Promise<void> {
    for (const w of this.state.wanted()) {
      if (signal.aborted) return;
      const kind = this.collected.find((k) => k.kind === w.kind);
      const gone = { metadata: { namespace: w.namespace, name: w.name } };
      if (!kind) {
        this.state.remove(gone, w.kind);
        continue;
      }
      try {
        const object = await this.collector.kube.get(objectPath(kind, w.namespace, w.name));
        this.state.upsert(object, kind.kind, apiVersionOf(kind));
      } catch (err) {
        if ((err as KubeApiError).statusCode === 404) this.state.remove(gone, kind.kind);
        else this.log.warn({ kind: w.kind, error: (err as Error).message }, 'could not read an object again');
      }
    }
  }

  /** Resolves once every watch loop has ended (after the signal given to `start` aborted). */
  async stopped(): Promise<void> {
    await Promise.all(this.loops);
  }

  private async readVersion(): Promise<void> {
    const version = await this.collector.serverVersion();
    if ('notCollected' in version) {
      this.notCollected.ServerVersion = version.notCollected;
    } else {
      delete this.notCollected.ServerVersion;
      if (JSON.stringify(version.serverVersion) !== JSON.stringify(this.serverVersion)) this.fullNeeded = true;
      this.serverVersion = version.serverVersion;
    }
  }

  private status(kind: CollectedKind): KindStatus {
    let status = this.kinds.get(kind.kind);
    if (!status) {
      status = { state: 'listing', events: 0, relists: 0, reconnects: 0 };
      this.kinds.set(kind.kind, status);
    }
    return status;
  }

  /**
   * Lists a kind into the state; undefined when it cannot be collected (recorded with why). A
   * list that succeeded, or a kind newly lost, makes the next push a whole snapshot.
   */
  private async list(kind: CollectedKind, signal: AbortSignal): Promise<string | undefined> {
    const status = this.status(kind);
    const wasLost = status.state === 'not-collected';
    status.state = 'listing';
    try {
      const rv = await this.collector.listInto(kind, this.state, signal);
      delete this.notCollected[kind.kind];
      status.resourceVersion = rv;
      this.fullNeeded = true;
      this.onChange();
      return rv;
    } catch (err) {
      signal.throwIfAborted();
      // Still not collectable (an optional product not installed, polled): nothing new to say.
      if (wasLost) status.state = 'not-collected';
      else this.lose(kind, err);
      return undefined;
    }
  }

  /** A kind that cannot be read any more: its objects go, and the snapshot says why. */
  private lose(kind: CollectedKind, err: unknown): void {
    const status = this.status(kind);
    const reason = notCollected(err);
    status.state = 'not-collected';
    status.lastError = reason.message;
    this.state.sweep(kind.kind, new Set());
    this.fullNeeded = true;
    this.onChange();
    if (kind.optional && reason.reason === 'not-found') return;
    this.notCollected[kind.kind] = reason;
    this.log.warn({ kind: kind.kind, reason: reason.reason, message: reason.message }, 'kind not collected');
  }

  /** One kind's loop: watch, resume, relist or back off, until shutdown. */
  private async run(kind: CollectedKind, listedAt: string | undefined, signal: AbortSignal): Promise<void> {
    const status = this.status(kind);
    let rv = listedAt;
    let failures = 0;
    while (!signal.aborted) {
      if (rv === undefined) {
        rv = await this.list(kind, signal).catch(() => undefined);
        if (signal.aborted) break;
        if (rv !== undefined) status.relists++;
        else {
          // Not collectable now (forbidden, not served, failing): tried again after a while.
          await sleep(
            backoff(++failures, this.options.backoffBaseMs ?? 1000, this.options.backoffMaxMs ?? 60_000),
            signal,
          );
          continue;
        }
      }
      status.state = 'watching';
      const end = await this.watchOnce(kind, rv, status, signal);
      if (end.kind === 'aborted') continue;
      if (end.kind === 'closed') {
        // The server's timeout, or a connection cut cleanly: resumed at once.
        failures = 0;
        status.reconnects++;
        rv = status.resourceVersion;
        continue;
      }
      if (end.kind === 'expired') {
        this.log.info({ kind: kind.kind }, 'watch expired (410 Gone); listing the kind again');
        rv = undefined;
        continue;
      }
      const code = (end.error as { statusCode?: number; code?: number }).statusCode;
      if (code === 403 || code === 404) {
        this.lose(kind, new KubeApiError(code, `watch ${listPath(kind)}: HTTP ${code}`));
        rv = undefined;
      } else {
        rv = status.resourceVersion;
      }
      status.state = 'reconnecting';
      status.reconnects++;
      status.lastError = (end.error as Error)?.message ?? String(end.error);
      const delay = backoff(++failures, this.options.backoffBaseMs ?? 1000, this.options.backoffMaxMs ?? 60_000);
      this.log.warn({ kind: kind.kind, error: status.lastError, retryInMs: delay }, 'watch failed; reconnecting');
      await sleep(delay, signal);
    }
    status.state = 'stopped';
  }

  /** One watch request, until the stream ends; events are applied to the state as they come. */
  private watchOnce(kind: CollectedKind, rv: string, status: KindStatus, signal: AbortSignal): Promise<WatchEnd> {
    const apiVersion = apiVersionOf(kind);
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
    return new Promise<WatchEnd>((resolve) => {
      if (signal.aborted) return resolve({ kind: 'aborted' });
      let ended: WatchEnd | undefined;
      const controllerRef: { current?: AbortController } = {};
      const finish = (end: WatchEnd) => {
        if (ended) return;
        ended = end;
        clearInterval(watchdog);
        signal.removeEventListener('abort', onAbort);
        controllerRef.current?.abort();
        resolve(end);
      };
      const onAbort = () => finish({ kind: 'aborted' });
      signal.addEventListener('abort', onAbort);
      // A connection that went silent (no event, not even a bookmark, past the server's own
      // timeout) is dead without saying so: cut it and resume.
      let lastHeard = Date.now();
      const watchdog = setInterval(() => {
        if (Date.now() - lastHeard > (timeoutSeconds + 30) * 1000) {
          finish({ kind: 'failed', error: new Error(`no word from the watch for ${timeoutSeconds + 30} s`) });
        }
      }, 5_000);
      watchdog.unref();
      const onEvent = (type: string, object: unknown) => {
        if (ended) return;
        lastHeard = Date.now();
        status.lastEventAt = lastHeard;
        const version = (object as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
        if (type === 'ERROR') {
          const code = (object as { code?: unknown } | null)?.code;
          const message = (object as { message?: unknown } | null)?.message;
          finish(
            code === 410
              ? { kind: 'expired' }
              : {
                  kind: 'failed',
                  error: Object.assign(new Error(String(message ?? 'watch error')), { statusCode: code }),
                },
          );
          return;
        }
        if (typeof version === 'string' && version) status.resourceVersion = version;
        if (type === 'BOOKMARK') return;
        status.events++;
        const changed =
          type === 'DELETED' ? this.state.remove(object, kind.kind) : this.state.upsert(object, kind.kind, apiVersion);
        if (changed) this.onChange();
      };
      const onDone = (err: unknown) => {
        if (!err) return finish({ kind: 'closed' });
        if ((err as { statusCode?: number }).statusCode === 410) return finish({ kind: 'expired' });
        if ((err as { name?: string }).name === 'AbortError') return finish({ kind: 'aborted' });
        finish({ kind: 'failed', error: err });
      };
      this.watch
        .watch(listPath(kind), { resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds }, onEvent, onDone)
        .then(
          (controller) => {
            controllerRef.current = controller;
            if (ended) controller.abort();
          },
          (err: unknown) => finish({ kind: 'failed', error: err }),
        );
    });
  }
}
