import { FakeKube } from '@kubeward/fake-kube';
import { freePort } from '@kubeward/harness';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kubernetesProblems } from '../../agent/test/support/kube-validate';
import { run } from '../../cli/src/main';
import { createTestContext, eventually, type TestContext } from './support/context';
import { clientFor } from './support/graphql';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const AGENT_MAIN = path.join(__dirname, '../../agent/dist/bundle/agent.cjs');
const FIXTURE = readFileSync(path.join(__dirname, '../../agent/test/fixtures/secretive-cluster.yaml'), 'utf8');
const IMAGE = `registry.acme.example/kubeward/agent:0.1.0@sha256:${'c0'.repeat(32)}`;

/** A private CA and a certificate it issued for 127.0.0.1 (openssl), as an internal CA would. */
function privateCa(dir: string): { ca: string; key: string; cert: string } {
  const at = (f: string) => path.join(dir, f);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=Kubeward test CA',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.crt'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    at('api.key'),
    '-out',
    at('api.csr'),
  );
  writeFileSync(at('san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    at('api.csr'),
    '-CA',
    at('ca.crt'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    at('san.cnf'),
    '-out',
    at('api.crt'),
  );
  return { ca: at('ca.crt'), key: readFileSync(at('api.key'), 'utf8'), cert: readFileSync(at('api.crt'), 'utf8') };
}

/**
 * The agent installed as registerCluster returns it: the manifests are valid Kubernetes objects
 * that Kubeward's own scan passes, their NetworkPolicy lets the agent reach the API's port, and the
 * agent process run with exactly their environment, files and token mount pushes a snapshot that
 * is accepted and evaluated — for an API on a port other than 443, and for one behind TLS whose
 * certificate a private CA issued. The pod's connection to the Kubernetes API, which the kubelet
 * provides, is a kubeconfig for a fake cluster here.
 */
describe('the agent install, as returned', () => {
  let kube: FakeKube;
  const agents: ChildProcess[] = [];
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    kube = FakeKube.fromYaml(FIXTURE);
    await kube.start();
  });
  afterAll(async () => {
    for (const agent of agents) if (agent.exitCode === null) agent.kill('SIGKILL');
    for (const close of closers.reverse()) await close();
    await kube?.stop();
  });

  async function installAndRun(ctx: TestContext, apiPort: number): Promise<Doc[]> {
    const { ownerKey } = await ctx.newOrg();
    const { registerCluster } = await clientFor(ctx.url, ownerKey).request<{
      registerCluster: { cluster: { id: string }; agentToken: string; installManifests: string };
    }>('mutation { registerCluster(name: "prod-eu") { cluster { id } agentToken installManifests } }');
    const docs = parseAllDocuments(registerCluster.installManifests).map((d) => d.toJS() as Doc);

    // What kubectl apply would meet: valid objects, and nothing Kubeward itself finds above LOW.
    for (const doc of docs) expect(kubernetesProblems(doc)).toEqual([]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kw-install-'));
    writeFileSync(path.join(dir, 'agent.yaml'), registerCluster.installManifests);
    let report = '';
    await run(['scan', '-f', dir, '--format', 'json'], { out: (s) => ((report += s), true), err: () => true });
    const severities = (JSON.parse(report) as { findings: { severity: string }[] }).findings.map((f) => f.severity);
    expect(severities.filter((s) => s !== 'LOW' && s !== 'INFO')).toEqual([]);

    const named = (kind: string, name?: string) =>
      docs.find((d) => d.kind === kind && (name === undefined || d.metadata.name === name))!;
    const egressPorts = (named('NetworkPolicy').spec.egress as Doc[]).flatMap((r) => r.ports as Doc[]);
    expect(egressPorts).toContainEqual({ protocol: 'TCP', port: apiPort });
    const pod = named('Deployment').spec.template.spec;
    const [container] = pod.containers;
    expect(container.image).toBe(IMAGE);

    // The pod's files: each mounted Secret's and ConfigMap's items, under a scratch root for /.
    const root = mkdtempSync(path.join(os.tmpdir(), 'kw-pod-'));
    const mounts: [string, string][] = [];
    for (const mount of container.volumeMounts as Doc[]) {
      const volume = (pod.volumes as Doc[]).find((v) => v.name === mount.name)!;
      const source = volume.secret
        ? { items: volume.secret.items, data: named('Secret', volume.secret.secretName).stringData }
        : volume.configMap
          ? { items: volume.configMap.items, data: named('ConfigMap', volume.configMap.name).data }
          : undefined; // the kubelet's service account volume: the kubeconfig below
      if (!source) continue;
      const into = path.join(root, mount.mountPath);
      mkdirSync(into, { recursive: true });
      for (const item of source.items as Doc[]) writeFileSync(path.join(into, item.path), source.data[item.key]);
      mounts.push([mount.mountPath, into]);
    }
    const atRoot = (value: string) => {
      const mount = mounts.find(([from]) => value.startsWith(`${from}/`));
      return mount ? mount[1] + value.slice(mount[0].length) : value;
    };
    const env: Record<string, string> = {};
    for (const e of container.env as Doc[]) {
      const ref = e.valueFrom?.secretKeyRef;
      env[e.name] = ref ? named('Secret', ref.name).stringData[ref.key] : atRoot(e.value);
    }
    expect(readFileSync(env.KUBEWARD_TOKEN_FILE!, 'utf8')).toBe(registerCluster.agentToken);
    writeFileSync(path.join(root, 'kubeconfig'), kube.kubeconfig());

    // The image's entrypoint: node agent.cjs (the bundle), no arguments.
    let output = '';
    const agent = spawn(process.execPath, [AGENT_MAIN], {
      env: { PATH: process.env.PATH, ...env, KUBECONFIG: path.join(root, 'kubeconfig') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agents.push(agent);
    agent.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    agent.stderr!.on('data', (d: Buffer) => (output += d.toString()));

    const evaluated = async () => {
      const { rows } = await ctx.sql.query(
        `SELECT status FROM "Snapshot" WHERE "clusterId" = $1 AND status = 'EVALUATED'`,
        [registerCluster.cluster.id],
      );
      return rows.length > 0 ? true : undefined;
    };
    await eventually(evaluated, 'an evaluated snapshot').catch((err: Error) => {
      throw new Error(`${err.message}; the agent said:\n${output}`);
    });
    // Ready on the port its probes use, once a push went through.
    const health = `http://127.0.0.1:${container.ports[0].containerPort}`;
    await eventually(async () => ((await fetch(`${health}/readyz`).catch(() => null))?.ok ? true : undefined), 'ready');

    // Watch mode, as installed: a change in the cluster arrives as a delta, applied and evaluated.
    const watchz = (await (await fetch(`${health}/watchz`)).json()) as { kinds: Record<string, { state: string }> };
    expect(watchz.kinds.Deployment?.state).toBe('watching');
    // Ids are time-ordered (UUIDv7): their tail tells two clusters of one run apart.
    const name = `watched-${registerCluster.cluster.id.slice(-12)}`;
    kube.apply([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: 'default' },
        spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
      },
    ]);
    await eventually(async () => {
      const { rows } = await ctx.sql.query(
        `SELECT count(*)::int AS n FROM "Snapshot" WHERE "clusterId" = $1 AND status = 'EVALUATED'`,
        [registerCluster.cluster.id],
      );
      return rows[0].n >= 2 ? true : undefined;
    }, 'the change evaluated').catch((err: Error) => {
      throw new Error(`${err.message}; the agent said:\n${output}`);
    });
    expect(output).toMatch(/"status":"accepted","msg":"delta pushed"/);
    // JSON log lines and nothing else: no warning of Node's about code bundled into the agent.
    expect(output.split('\n').filter((l) => l && !l.startsWith('{'))).toEqual([]);
    const { rows: objects } = await ctx.sql.query(
      `SELECT 1 FROM "ObjectState" WHERE "clusterId" = $1 AND "objectKey" LIKE $2`,
      [registerCluster.cluster.id, `%${name}%`],
    );
    expect(objects.length).toBe(1);

    const exited = new Promise<number | null>((resolve) => agent.once('exit', resolve));
    agent.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).not.toContain(registerCluster.agentToken);
    return docs;
  }

  it('runs for an API on a port other than 443, plain http allowed for development', async () => {
    const port = await freePort();
    const ctx = await createTestContext({
      PORT: String(port),
      PUBLIC_API_URL: `http://127.0.0.1:${port}`,
      PUBLIC_API_ALLOW_HTTP: 'true',
      AGENT_IMAGE: IMAGE,
    });
    closers.push(() => ctx.close());
    const docs = await installAndRun(ctx, port);
    const env = docs.find((d) => d.kind === 'Deployment')!.spec.template.spec.containers[0].env as Doc[];
    expect(env).toContainEqual({ name: 'KUBEWARD_ALLOW_HTTP', value: 'true' });
  });

  it('runs for an API behind TLS with a private CA, which the manifests ship and the agent trusts', async () => {
    const ca = privateCa(mkdtempSync(path.join(os.tmpdir(), 'kw-ca-')));
    const tlsPort = await freePort();
    const ctx = await createTestContext({
      PUBLIC_API_URL: `https://127.0.0.1:${tlsPort}`,
      AGENT_CA_FILE: ca.ca,
      AGENT_IMAGE: IMAGE,
    });
    closers.push(() => ctx.close());
    // TLS ends at a proxy in front of the API, as at an Ingress or Caddy.
    const upstream = new URL(ctx.url);
    const proxy = https.createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => (res.writeHead(answer.statusCode!, answer.headers), answer.pipe(res)),
      );
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(tlsPort, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => proxy.close(() => resolve())));

    const docs = await installAndRun(ctx, tlsPort);
    const configMap = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'kubeward-agent-ca')!;
    expect(configMap.data['ca.crt']).toBe(readFileSync(ca.ca, 'utf8'));
    const env = docs.find((d) => d.kind === 'Deployment')!.spec.template.spec.containers[0].env as Doc[];
    expect(env.map((e) => e.name)).not.toContain('KUBEWARD_ALLOW_HTTP');
    expect(env).toContainEqual({ name: 'NODE_EXTRA_CA_CERTS', value: '/etc/kubeward/ca/ca.crt' });
  });

  it('refuses to render manifests while AGENT_CA_FILE is unreadable or holds no certificate, naming the setting, not the path', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kw-ca-bad-'));
    writeFileSync(path.join(dir, 'not-a-cert.pem'), 'hello\n');
    for (const [file, why] of [
      [path.join(dir, 'missing.pem'), 'it cannot be read (ENOENT)'],
      [path.join(dir, 'not-a-cert.pem'), 'it holds no PEM certificate'],
    ] as const) {
      const ctx = await createTestContext({ PUBLIC_API_URL: 'https://kubeward.acme.example', AGENT_CA_FILE: file });
      closers.push(() => ctx.close());
      const { ownerKey } = await ctx.newOrg();
      const res = await fetch(`${ctx.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ownerKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { registerCluster(name: "edge") { agentToken installManifests } }' }),
      });
      const body = (await res.json()) as {
        data: { registerCluster: { agentToken: string; installManifests: string | null } };
        errors: { message: string; extensions: { code: string } }[];
      };
      expect(body.data.registerCluster.installManifests).toBeNull();
      expect(body.data.registerCluster.agentToken).toMatch(/^kwa_/);
      expect(body.errors.map((e) => [e.extensions.code, e.message])).toEqual([
        ['UNAVAILABLE', expect.stringContaining(`installManifests: AGENT_CA_FILE is set but ${why}`)],
      ]);
      expect(JSON.stringify(body)).not.toContain(dir);
    }
  });
});
