import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AgentStatus } from './agent';
import type { KindStatus } from './collect/cluster-watch';
import { delivered } from './push/pusher';

export interface HealthOptions {
  port: number;
  /** The daemon's interval: a loop that has not started a cycle for three of them is stuck. */
  intervalMs: number;
  now?: () => number;
}

/**
 * `/livez`: the collection loop is turning (a stuck loop gets the pod restarted).
 * `/readyz`: the last cycle delivered a snapshot or heartbeat to the API (in watch mode, with
 * how many kinds are in each watch state). `/watchz`: each kind's watch.
 * Both answer JSON with the reason, never a token or an object from the cluster.
 */
export function healthServer(status: AgentStatus, options: HealthOptions): http.Server {
  const now = options.now ?? Date.now;
  const startedAt = now();
  return http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    let code = 404;
    let body: Record<string, unknown> = { error: 'not found: use /livez, /readyz or /watchz' };
    if (path === '/livez' || path === '/healthz') {
      const since = status.cycleStartedAt ?? startedAt;
      const stuck = now() - since > 3 * options.intervalMs;
      code = stuck ? 503 : 200;
      body = stuck
        ? { status: 'stuck', reason: `no cycle started for ${Math.round((now() - since) / 1000)} s` }
        : { status: 'ok' };
    } else if (path === '/watchz') {
      code = status.watch ? 200 : 404;
      body = status.watch
        ? { kinds: watchReport(status.watch, now()) }
        : { error: 'not watching: the agent runs in interval mode' };
    } else if (path === '/readyz') {
      const ready = !status.lastError && status.lastOutcome !== undefined && delivered({ status: status.lastOutcome });
      code = ready ? 200 : 503;
      body = ready
        ? {
            status: 'ready',
            lastDeliveredAt: new Date(status.lastDeliveredAt!).toISOString(),
            ...(status.watch ? { watch: summary(status.watch) } : {}),
          }
        : {
            status: 'not-ready',
            reason:
              status.lastError ?? (status.lastOutcome ? `last push: ${status.lastOutcome}` : 'no cycle completed yet'),
          };
    }
    const text = JSON.stringify(body);
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
}

/** Each kind's watch as the health endpoint shows it (ages rather than clock times). */
export function watchReport(kinds: ReadonlyMap<string, KindStatus>, now: number): Record<string, unknown> {
  return Object.fromEntries(
    [...kinds].map(([kind, s]) => [
      kind,
      {
        state: s.state,
        resourceVersion: s.resourceVersion,
        events: s.events,
        relists: s.relists,
        reconnects: s.reconnects,
        ...(s.lastEventAt ? { lastEventSecondsAgo: Math.round((now - s.lastEventAt) / 1000) } : {}),
        ...(s.state !== 'watching' && s.lastError ? { lastError: s.lastError } : {}),
      },
    ]),
  );
}

/** How many kinds are in each state: `{ watching: 27, reconnecting: 1 }`. */
function summary(kinds: ReadonlyMap<string, KindStatus>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of kinds.values()) counts[s.state] = (counts[s.state] ?? 0) + 1;
  return counts;
}

export async function listen(server: http.Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return (server.address() as AddressInfo).port;
}
