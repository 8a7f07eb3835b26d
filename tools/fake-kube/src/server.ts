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
 * A fake Kubernetes API server over plain HTTP that answers list requests as the real one does:
 * typed List bodies, `limit`/`continue` paging, 410 Gone for an expired continue token, and
 * 403/404 Status bodies for kinds the caller may not or cannot list.
 */
export class FakeKube {
  readonly requests: RequestRecord[] = [];
  private objects = new Map<string, Obj[]>();
  private resourceVersion = 1;
  private expireNext = 0;
  private server?: http.Server;
  private hanging = new Set<http.ServerResponse>();

  constructor(private readonly options: FakeKubeOptions = {}) {}

  static fromYaml(text: string, options?: FakeKubeOptions): FakeKube {
    const kube = new FakeKube(options);
    kube.load(parseManifests(text));
    return kube;
  }

  /** Replaces the cluster's contents (controllers expanded into their ReplicaSets and Pods). */
  load(manifests: Obj[]): void {
    this.objects.clear();
    for (const o of expandControllers(manifests)) {
      const list = this.objects.get(o.kind) ?? [];
      list.push(o);
      this.objects.set(o.kind, list);
    }
    for (const list of this.objects.values()) list.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    this.resourceVersion++;
  }

  /** How many objects of each kind the cluster holds. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.objects].map(([kind, list]) => [kind, list.length]));
  }

  /** Raw items (as stored) of a kind; for malformed-object tests. */
  setRaw(kind: string, items: Obj[]): void {
    this.objects.set(kind, items);
    this.resourceVersion++;
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
    this.list(t, ns || undefined, url.searchParams, res);
  }

  /** Resource types this cluster serves: built-ins, and custom resources whose CRD is "installed". */
  private served(): ResourceType[] {
    return RESOURCE_TYPES.filter((t) => !t.crd || (this.objects.get(t.kind)?.length ?? 0) > 0);
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
    const all = (this.objects.get(t.kind) ?? []).filter((o) => !namespace || o.metadata?.namespace === namespace);
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

const sortKey = (o: Obj) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

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
