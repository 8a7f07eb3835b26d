import type { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';

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

export class KubeTimeoutError extends Error {
  override name = 'KubeTimeoutError';
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
    return new Promise((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            return reject(new KubeApiError(status, `${what}: HTTP ${status}, not JSON`));
          }
          if (status >= 200 && status < 300) return resolve(body);
          const message = (body as { message?: unknown })?.message;
          reject(
            new KubeApiError(status, `${what}: HTTP ${status}${typeof message === 'string' ? `: ${message}` : ''}`),
          );
        });
      });
      const timer = setTimeout(() => {
        request.destroy(new KubeTimeoutError(`${what} did not answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      request.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      request.end();
    });
  }
}
