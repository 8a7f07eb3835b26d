import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * No Docker engine runs here, so the production-like stack is checked as text: the compose file
 * (merge keys resolved as Compose resolves them) and the multi-stage Dockerfiles.
 */
const ROOT = path.resolve(__dirname, '../../..');

interface Service {
  build?: unknown;
  ports?: string[];
  volumes?: string[];
  image?: string;
  command?: string[];
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
  tmpfs?: string[];
  restart?: string;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
}

const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const { services } = compose;

/** The stages of a Dockerfile: each FROM with the instructions under it. */
function stages(file: string) {
  const lines = readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const out: { from: string; lines: string[] }[] = [];
  for (const line of lines) {
    if (/^FROM\s/i.test(line)) out.push({ from: line.split(/\s+/)[1]!, lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}

describe('the production-like stack', () => {
  it('has postgres, redis, a one-shot migration, api and worker, each started after what it needs is healthy', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'caddy', 'migrate', 'postgres', 'redis', 'worker']);
    for (const name of ['postgres', 'redis', 'api', 'worker', 'caddy']) {
      expect(services[name]!.healthcheck?.test.length, `${name} healthcheck`).toBeGreaterThan(0);
    }
    expect(services.migrate!.restart).toBe('no');
    expect(services.migrate!.command).toEqual(['apps/api/dist/migrate.js']);
    expect(services.migrate!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const name of ['api', 'worker']) {
      expect(services[name]!.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
    // The API is healthy when ready (Postgres and Redis answer); the worker on its own port.
    expect(services.api!.healthcheck!.test.join(' ')).toContain('/readyz');
    expect(services.worker!.healthcheck!.test.join(' ')).toContain(
      `:${services.worker!.environment!.METRICS_PORT}/healthz`,
    );
    // Redis as BullMQ needs it.
    expect(JSON.stringify(services.redis)).toContain('noeviction');
  });

  it('serves the API over TLS through Caddy, and tells agents the https URL and the CA to trust', () => {
    const caddy = services.caddy!;
    expect(caddy.ports).toContain('443:443');
    expect(caddy.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    const mounted = caddy.volumes!.find((v) => v.endsWith(':/etc/caddy/Caddyfile:ro'))!;
    const caddyfile = readFileSync(path.join(ROOT, mounted.split(':')[0]!), 'utf8');
    expect(caddyfile).toMatch(/^\{\$KUBEWARD_HOST:localhost\} \{$/m);
    expect(caddyfile).toMatch(/^\s+tls \{\$KUBEWARD_TLS:internal\}$/m);
    expect(caddyfile).toMatch(/^\s+reverse_proxy api:\d+$/m);
    expect(caddyfile).toContain(`api:${services.api!.environment!.PORT}`);
    // The API itself is published on loopback only; agents and clients use Caddy's https URL.
    expect(services.api!.ports).toEqual(['127.0.0.1:3000:3000']);
    const env = services.api!.environment!;
    expect(env.PUBLIC_API_URL).toBe('https://${KUBEWARD_HOST:-localhost}');
    expect(env.TRUST_PROXY).toBe('1');
    // Caddy's internal root, read from its data volume, shipped in the manifests.
    const [volume, at] = services.api!.volumes![0]!.split(':');
    expect(caddy.volumes).toContain(`${volume}:/data`);
    expect(env.AGENT_CA_FILE).toContain(`${at}/caddy/pki/authorities/local/root.crt`);
  });

  it('runs our images read-only, without capabilities or privilege escalation, with secrets from the environment', () => {
    for (const name of ['migrate', 'api', 'worker']) {
      const s = services[name]!;
      expect(s.build, name).toBeDefined();
      expect(s.read_only, name).toBe(true);
      expect(s.cap_drop, name).toEqual(['ALL']);
      expect(s.security_opt, name).toContain('no-new-privileges:true');
      // Secrets must be supplied: compose refuses to start without them.
      expect(s.environment!.ENCRYPTION_KEY, name).toMatch(/^\$\{ENCRYPTION_KEY:\?/);
      expect(s.environment!.OPERATOR_TOKEN, name).toMatch(/^\$\{OPERATOR_TOKEN:\?/);
    }
  });

  it.each(['Dockerfile', 'apps/agent/Dockerfile', 'apps/cli/Dockerfile'])(
    '%s: multi-stage, distroless Node, non-root',
    (file) => {
      const all = stages(file);
      expect(all.length).toBeGreaterThanOrEqual(2);
      const final = all.at(-1)!;
      expect(final.from).toMatch(/^gcr\.io\/distroless\/nodejs\d+-debian\d+:nonroot$/);
      expect(final.lines).toContain('USER nonroot');
      // The final image gets built output only: no package manager runs in it.
      expect(final.lines.filter((l) => /^RUN\s/i.test(l))).toEqual([]);
      expect(final.lines.some((l) => /^COPY --from=/i.test(l))).toBe(true);
    },
  );
});
