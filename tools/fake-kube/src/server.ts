import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAllDocuments } from 'yaml';
import { expandControllers } from './expand';
import { apiVersionOf, BY_KIND, listPath, RESOURCE_TYPES, type ResourceType } from './resources';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FakeKubeOptions {
  /** Delay before every answer. */
  latencyMs?: number;
  /** Plurals answered 403 Forbidden, as for a kind the service account may not list. */
  forbidden?: string[];
  /** Plurals answered 404, as for a CRD that is not installed. */
  notFound?: string[];
  /** Plurals that never answer (to test client timeouts). */
  hang?: string[];
  serverVersion?: { major: string; minor: string; gitVersion: string };
  /** Watch events kept for watches that resume from a resourceVersion (etcd's compaction window). */
  historySize?: number;
  /** How often an open watch that asked for bookmarks gets one. */
  bookmarkIntervalMs?: number;
}

/** One change, as a watch streams it. */
interface WatchEvent {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: Obj;
}

interface Watcher {
  type: ResourceType;
  namespace?: string;
  res: http.ServerResponse;
  bookmarks: boolean;
  timers: NodeJS.Timeout[];
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
}

interface ContinueToken {
  path: string;
  offset: number;
  rv: number;
}

/**
 * A fake Kubernetes API server over plain HTTP that answers list and watch requests as the real
 * one does: typed List bodies, `limit`/`continue` paging, 410 Gone for an expired continue token,
 * 403/404 Status bodies for kinds the caller may not or cannot list; watch streams of ADDED,
 * MODIFIED and DELETED events from a resourceVersion, BOOKMARK events when asked for, an ERROR
 * event with 410 Expired for a resourceVersion older than its history, and `timeoutSeconds`.
 */
export class FakeKube {
  readonly requests: RequestRecord[] = [];
  /** Per kind, objects (without their kind, as lists serve them) by namespace/name. */
  private objects = new Map<string, Map<string, Obj>>();
  /** Per kind, the objects in list order; dropped on any change of that kind. */
  private sorted = new Map<string, Obj[]>();
  private resourceVersion = 1;
  private expireNext = 0;
  private server?: http.Server;
  private hanging = new Set<http.ServerResponse>();
  private history: WatchEvent[] = [];
  /** Watches from a resourceVersion below this are too old (their events were compacted away). */
  private oldestResumable = 1;
  private watchers = new Set<Watcher>();

  constructor(private readonly options: FakeKubeOptions = {}) {}

  static fromYaml(text: string, options?: FakeKubeOptions): FakeKube {
    const kube = new FakeKube(options);
    kube.load(parseManifests(text));
    return kube;
  }

  /**
   * Replaces the cluster's contents (controllers expanded into their ReplicaSets and Pods), as a
   * series of changes: what is new is ADDED, what differs MODIFIED, what is gone DELETED.
   */
  load(manifests: Obj[]): void {
    const next = new Map(expandControllers(manifests).map((o) => [identity(o), o]));
    for (const o of this.all()) if (!next.has(identity(o))) this.change('DELETED', o);
    for (const o of next.values()) this.put(o);
  }

  /**
   * `kubectl apply`: creates or updates each object and what its controller makes; what a
   * changed controller made before and no longer makes (a Deployment's old ReplicaSet) is deleted.
   */
  apply(manifests: Obj[]): void {
    const each = manifests.map((m) => expandControllers([m]));
    for (const o of each.flat()) this.put(o);
    const owners = new Set(each.map((made) => identity(made[0]!)));
    const made = new Set(each.flat().map(identity));
    // Children of the applied controllers (transitively) that this apply did not make, found
    // before any goes (a deleted ReplicaSet would hide its Pods' chain).
    const stale = this.all().filter(
      (o) => !made.has(identity(o)) && this.ownerChain(o).some((owner) => owners.has(owner)),
    );
    for (const o of stale) this.change('DELETED', o);
  }

  /**
   * Deletes an object and, as the garbage collector would, everything it owns; with `{ dependents:
   * 'later' }` what it owns is left for now, as in the moments before the collector gets to it.
   */
  delete(kind: string, namespace: string | undefined, name: string, options: { dependents?: 'later' } = {}): void {
    const key = `${kind}/${namespace ?? ''}/${name}`;
    const target = this.get(key);
    if (!target) throw new Error(`no ${key} in the fake cluster`);
    const doomed = options.dependents === 'later' ? [] : this.all().filter((o) => this.ownerChain(o).includes(key));
    // Owners go first, as with background cascading deletion: watchers see the Deployment go, then its Pods.
    this.change('DELETED', target);
    for (const o of doomed) this.change('DELETED', o);
  }

  /** Forgets the watch history, as etcd compaction does: resuming a watch from before now gets 410. */
  compact(): void {
    this.history = [];
    this.oldestResumable = this.resourceVersion + 1;
  }

  /** Cuts every open watch, as a network failure or an API server restart would. */
  dropWatches(): void {
    for (const w of this.watchers) this.endWatch(w, true);
  }

  /** Sends every open watch that asked for them a bookmark now. */
  bookmark(): void {
    for (const w of this.watchers) if (w.bookmarks) this.sendBookmark(w);
  }

  /** How many watches are open, of one kind or all. */
  watching(kind?: string): number {
    return [...this.watchers].filter((w) => !kind || w.type.kind === kind).length;
  }

  /** Every object, with its kind. */
  private all(): Obj[] {
    return [...this.objects].flatMap(([kind, byName]) => [...byName.values()].map((o) => ({ ...o, kind })));
  }

  /** One object by kind/namespace/name, with its kind. */
  private get(key: string): Obj | undefined {
    const slash = key.indexOf('/');
    const o = this.objects.get(key.slice(0, slash))?.get(key.slice(slash + 1));
    return o && { ...o, kind: key.slice(0, slash) };
  }

  /** A kind's objects in list order. */
  private listOf(kind: string): Obj[] {
    let list = this.sorted.get(kind);
    if (!list) {
      list = [...(this.objects.get(kind)?.values() ?? [])].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      this.sorted.set(kind, list);
    }
    return list;
  }

  /** The identities of an object's owners, nearest first. */
  private ownerChain(o: Obj): string[] {
    const chain: string[] = [];
    let current: Obj | undefined = o;
    while (current) {
      const ref: Obj | undefined = (current.metadata?.ownerReferences as Obj[] | undefined)?.find((r) => r.controller);
      if (!ref) break;
      const key: string = `${ref.kind}/${current.metadata?.namespace ?? ''}/${ref.name}`;
      if (chain.includes(key)) break;
      chain.push(key);
      current = this.get(key);
    }
    return chain;
  }

  /** Creates or updates one object (kind included); a no-op when nothing but its version differs. */
  private put(o: Obj): void {
    const old = this.get(identity(o));
    if (old && sameObject(old, o)) return;
    this.change(old ? 'MODIFIED' : 'ADDED', o);
  }

  private change(type: WatchEvent['type'], o: Obj): void {
    const rv = ++this.resourceVersion;
    const { kind, ...rest } = o;
    const stored: Obj = { ...rest, metadata: { ...rest.metadata, resourceVersion: String(rv) } };
    const byName = this.objects.get(kind) ?? new Map<string, Obj>();
    if (type === 'DELETED') byName.delete(sortKey(stored));
    else byName.set(sortKey(stored), stored);
    this.objects.set(kind, byName);
    this.sorted.delete(kind);
    const event: WatchEvent = { rv, type, object: { ...stored, kind } };
    this.history.push(event);
    if (this.history.length > (this.options.historySize ?? 100_000)) {
      this.oldestResumable = this.history.shift()!.rv;
    }
    for (const w of this.watchers) if (this.matches(w, event)) this.sendEvent(w, event);
  }

  /** How many objects of each kind the cluster holds. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.objects].map(([kind, byName]) => [kind, byName.size]));
  }

  /** Raw items (as stored) of a kind; for malformed-object tests. */
  setRaw(kind: string, items: Obj[]): void {
    // Kept as given, in the order given: malformed objects may lack the names a map would key on.
    this.objects.set(kind, new Map(items.map((o, i) => [String(i), o])));
    this.sorted.set(kind, items);
    this.resourceVersion++;
    this.compact();
  }

  /** The next `n` continue requests get 410 Gone, as when etcd compacted past the token. */
  expireContinueTokens(n = 1): void {
    this.expireNext += n;
  }

  setOptions(options: Partial<FakeKubeOptions>): void {
    Object.assign(this.options, options);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    for (const w of this.watchers) this.endWatch(w, true);
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A kubeconfig (YAML) that points a client at this server. */
  kubeconfig(): string {
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: fake\n  cluster:\n    server: ${this.url}\n    insecure-skip-tls-verify: true`,
      'users:',
      '- name: fake\n  user:\n    token: fake-kube-token',
      'contexts:',
      '- name: fake\n  context:\n    cluster: fake\n    user: fake',
      'current-context: fake',
      '',
    ].join('\n');
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
    });
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    if (req.method !== 'GET')
      return send(res, 405, status(405, 'MethodNotAllowed', 'the fake API server is read-only'));
    if (url.pathname === '/version') {
      return send(res, 200, this.options.serverVersion ?? { major: '1', minor: '35', gitVersion: 'v1.35.1' });
    }
    const discovery = this.discovery(url.pathname);
    if (discovery) return send(res, 200, discovery);
    const one = this.served()
      .map((t) => ({ t, at: matchObjectPath(t, url.pathname) }))
      .find((m) => m.at !== null);
    if (one) {
      const o = this.get(`${one.t.kind}/${one.at!.namespace}/${one.at!.name}`);
      if (!o) return send(res, 404, status(404, 'NotFound', `${one.t.plural} "${one.at!.name}" not found`));
      return send(res, 200, { ...o, apiVersion: apiVersionOf(one.t), kind: one.t.kind });
    }
    const match = this.served()
      .map((t) => ({ t, ns: matchPath(t, url.pathname) }))
      .find((m) => m.ns !== null);
    if (!match) return send(res, 404, status(404, 'NotFound', `the server could not find the requested resource`));
    const { t, ns } = match;
    if (this.options.hang?.includes(t.plural)) {
      this.hanging.add(res);
      return;
    }
    if (this.options.forbidden?.includes(t.plural)) {
      return send(
        res,
        403,
        status(
          403,
          'Forbidden',
          `${t.plural} is forbidden: User "system:serviceaccount:kubeward:agent" cannot list resource "${t.plural}"`,
        ),
      );
    }
    if (this.options.notFound?.includes(t.plural)) {
      return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    }
    const watch = url.searchParams.get('watch');
    if (watch === 'true' || watch === '1') return this.watch(t, ns || undefined, url.searchParams, res);
    this.list(t, ns || undefined, url.searchParams, res);
  }

  /** A watch stream: events after `resourceVersion` (all objects as ADDED without one), then live ones. */
  private watch(
    t: ResourceType,
    namespace: string | undefined,
    query: URLSearchParams,
    res: http.ServerResponse,
  ): void {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    const w: Watcher = { type: t, namespace, res, bookmarks: query.get('allowWatchBookmarks') === 'true', timers: [] };
    const from = query.get('resourceVersion');
    if (from && from !== '0') {
      const rv = Number(from);
      if (!Number.isInteger(rv) || rv < this.oldestResumable - 1) {
        res.end(
          line({
            type: 'ERROR',
            object: status(410, 'Expired', `too old resource version: ${from} (${this.oldestResumable})`),
          }),
        );
        return;
      }
      for (const e of this.history) if (e.rv > rv && this.matches(w, e)) this.sendEvent(w, e);
    } else {
      for (const o of this.listOf(t.kind)) {
        if (!namespace || o.metadata?.namespace === namespace) {
          this.sendEvent(w, { rv: this.resourceVersion, type: 'ADDED', object: { ...o, kind: t.kind } });
        }
      }
    }
    this.watchers.add(w);
    res.on('close', () => this.endWatch(w, false));
    const timeout = Number(query.get('timeoutSeconds') ?? 0);
    if (timeout > 0) w.timers.push(setTimeout(() => this.endWatch(w, false), timeout * 1000));
    if (w.bookmarks) w.timers.push(setInterval(() => this.sendBookmark(w), this.options.bookmarkIntervalMs ?? 60_000));
  }

  private matches(w: Watcher, e: WatchEvent): boolean {
    return e.object.kind === w.type.kind && (!w.namespace || e.object.metadata?.namespace === w.namespace);
  }

  private sendEvent(w: Watcher, e: WatchEvent): void {
    w.res.write(line({ type: e.type, object: { ...e.object, apiVersion: apiVersionOf(w.type), kind: w.type.kind } }));
  }

  private sendBookmark(w: Watcher): void {
    w.res.write(
      line({
        type: 'BOOKMARK',
        object: {
          kind: w.type.kind,
          apiVersion: apiVersionOf(w.type),
          metadata: { resourceVersion: String(this.resourceVersion) },
        },
      }),
    );
  }

  /** Ends a watch: cleanly (the server's timeout) or by cutting the connection. */
  private endWatch(w: Watcher, cut: boolean): void {
    if (!this.watchers.delete(w)) return;
    for (const t of w.timers) clearTimeout(t);
    if (cut) w.res.destroy();
    else w.res.end();
  }

  /** Resource types this cluster serves: built-ins, and custom resources whose CRD is "installed". */
  private served(): ResourceType[] {
    return RESOURCE_TYPES.filter((t) => !t.crd || (this.objects.get(t.kind)?.size ?? 0) > 0);
  }

  /** API discovery (`/api/v1`, `/apis/apps/v1`): what clients use to map a kind to its path. */
  private discovery(pathname: string): unknown {
    const match = pathname.match(/^\/api\/(v1)$/) ?? pathname.match(/^\/apis\/([^/]+\/[^/]+)$/);
    if (!match) return null;
    const groupVersion = match[1]!;
    const types = this.served().filter((t) => apiVersionOf(t) === groupVersion);
    if (types.length === 0) return null;
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion,
      resources: types.map((t) => ({
        name: t.plural,
        singularName: t.kind.toLowerCase(),
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: ['get', 'list', 'watch'],
      })),
    };
  }

  private list(t: ResourceType, namespace: string | undefined, query: URLSearchParams, res: http.ServerResponse): void {
    const all = this.listOf(t.kind).filter((o) => !namespace || o.metadata?.namespace === namespace);
    const path = listPath(t, namespace);
    let offset = 0;
    const cont = query.get('continue');
    if (cont) {
      const token = decodeToken(cont);
      if (!token || token.path !== path) return send(res, 400, status(400, 'BadRequest', 'invalid continue token'));
      if (this.expireNext > 0) {
        this.expireNext--;
        return send(
          res,
          410,
          status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.'),
        );
      }
      offset = token.offset;
    }
    const limit = Number(query.get('limit') ?? 0);
    const page = limit > 0 ? all.slice(offset, offset + limit) : all.slice(offset);
    const next = limit > 0 && offset + limit < all.length ? offset + limit : undefined;
    const metadata: Obj = { resourceVersion: String(this.resourceVersion) };
    if (next !== undefined) {
      metadata.continue = encodeToken({ path, offset: next, rv: this.resourceVersion });
      metadata.remainingItemCount = all.length - next;
    }
    // List items carry no kind or apiVersion, as with the real API server.
    const items = page.map(({ kind: _k, apiVersion: _v, ...rest }) => rest);
    send(res, 200, { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata, items });
  }
}

export function parseManifests(text: string): Obj[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Obj | null)
    .flatMap((o) => (o?.kind === 'List' && Array.isArray(o.items) ? o.items : [o]))
    .filter((o): o is Obj => !!o && typeof o.kind === 'string' && BY_KIND.has(o.kind));
}

function matchPath(t: ResourceType, pathname: string): string | null {
  if (pathname === listPath(t)) return '';
  const prefix = t.group ? `/apis/${t.group}/${t.version}/namespaces/` : `/api/${t.version}/namespaces/`;
  if (t.namespaced && pathname.startsWith(prefix) && pathname.endsWith(`/${t.plural}`)) {
    const ns = pathname.slice(prefix.length, -(t.plural.length + 1));
    return ns && !ns.includes('/') ? ns : null;
  }
  return null;
}

/** `/api/v1/namespaces/x/pods/name` → { namespace: 'x', name: 'name' } for a GET of one object. */
function matchObjectPath(t: ResourceType, pathname: string): { namespace: string; name: string } | null {
  const root = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const parts = pathname.startsWith(`${root}/`) ? pathname.slice(root.length + 1).split('/') : [];
  if (t.namespaced && parts.length === 4 && parts[0] === 'namespaces' && parts[2] === t.plural) {
    return { namespace: decodeURIComponent(parts[1]!), name: decodeURIComponent(parts[3]!) };
  }
  if (!t.namespaced && parts.length === 2 && parts[0] === t.plural)
    return { namespace: '', name: decodeURIComponent(parts[1]!) };
  return null;
}

const sortKey = (o: Obj) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
const identity = (o: Obj) => `${o.kind}/${sortKey(o)}`;
const line = (event: unknown) => `${JSON.stringify(event)}\n`;

/** Equal but for the resourceVersion the server stamps (an apply that changes nothing is no event). */
function sameObject(a: Obj, b: Obj): boolean {
  const strip = ({ metadata, ...rest }: Obj) => ({ ...rest, metadata: { ...metadata, resourceVersion: undefined } });
  const sorted = (_key: string, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v;
  return JSON.stringify(strip(a), sorted) === JSON.stringify(strip(b), sorted);
}

const status = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});

function send(res: http.ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const encodeToken = (t: ContinueToken) => Buffer.from(JSON.stringify(t)).toString('base64url');

function decodeToken(s: string): ContinueToken | null {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as ContinueToken;
    return typeof t.offset === 'number' && typeof t.path === 'string' ? t : null;
  } catch {
    return null;
  }
}
