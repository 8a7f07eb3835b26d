import type { KubeConfig } from '@kubernetes/client-node';
import type https from 'node:https';
import { httpRequest } from '../http-request';

/** A non-2xx answer of the Kubernetes API, with the message of its Status body. */
export class KubeApiError extends Error {
  override name = 'KubeApiError';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * GETs JSON from the Kubernetes API with the kubeconfig's TLS, proxy and credentials (applied by
 * client-node, per request, so a rotated service-account token is picked up). Bodies stay plain
 * JSON: the generated clients turn every object into typed models, which costs memory, rewrites
 * malformed fields into plausible ones and hides exactly what the agent must report.
 */
export class KubeReader {
  private readonly server: string;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly timeoutMs: number,
  ) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    // A server URL may carry a path prefix (API proxies): keep it.
    this.server = cluster.server.replace(/\/+$/, '');
  }

  get endpoint(): string {
    return this.server;
  }

  async get(path: string, query: Record<string, string | number | undefined> = {}): Promise<unknown> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const options: https.RequestOptions = { method: 'GET', headers: { accept: 'application/json' } };
    await this.kubeConfig.applyToHTTPSOptions(options);
    const what = `GET ${path}`;
    const answer = await httpRequest(url, { ...options, timeoutMs: this.timeoutMs, what });
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      throw new KubeApiError(answer.status, `${what}: HTTP ${answer.status}, not JSON`);
    }
    if (answer.status >= 200 && answer.status < 300) return body;
    const message = (body as { message?: unknown })?.message;
    throw new KubeApiError(
      answer.status,
      `${what}: HTTP ${answer.status}${typeof message === 'string' ? `: ${message}` : ''}`,
    );
  }
}
