import { FakeKube } from '@kubeward/fake-kube';
import { freePort } from '@kubeward/harness';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kubernetesProblems } from '../../agent/test/support/kube-validate';
import { run } from '../../cli/src/main';
import { createTestContext, eventually, type TestContext } from './support/context';
import { clientFor } from './support/graphql';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const AGENT_MAIN = path.join(__dirname, '../../agent/dist/main.js');
const FIXTURE = readFileSync(path.join(__dirname, '../../agent/test/fixtures/secretive-cluster.yaml'), 'utf8');
const IMAGE = `registry.acme.example/kubeward/agent:0.1.0@sha256:${'c0'.repeat(32)}`;

/**
 * The agent installed as registerCluster returns it, for an API on a port other than 443: the
 * manifests are valid Kubernetes objects that Kubeward's own scan passes, their NetworkPolicy lets
 * the agent reach that port, and the agent process run with exactly their environment, files and
 * token mount pushes a snapshot that is accepted and evaluated. The pod's connection to the
 * Kubernetes API, which the kubelet provides, is a kubeconfig for a fake cluster here.
 */
describe('the agent install, as returned', () => {
  let ctx: TestContext;
  let kube: FakeKube;
  let agent: ChildProcess | undefined;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    ctx = await createTestContext({
      PORT: String(port),
      PUBLIC_API_URL: `http://127.0.0.1:${port}`,
      PUBLIC_API_ALLOW_HTTP: 'true',
      AGENT_IMAGE: IMAGE,
    });
    kube = FakeKube.fromYaml(FIXTURE);
    await kube.start();
  });
  afterAll(async () => {
    if (agent && agent.exitCode === null) agent.kill('SIGKILL');
    await kube?.stop();
    await ctx?.close();
  });

  it('runs with exactly what its manifests define, and its first snapshot is evaluated', async () => {
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

    const kind = (k: string) => docs.find((d) => d.kind === k)!;
    const egressPorts = (kind('NetworkPolicy').spec.egress as Doc[]).flatMap((r) => r.ports as Doc[]);
    expect(egressPorts).toContainEqual({ protocol: 'TCP', port });
    const pod = kind('Deployment').spec.template.spec;
    const [container] = pod.containers;
    expect(container.image).toBe(IMAGE);

    // The pod's files: each mounted Secret's items, under a scratch root standing for /.
    const root = mkdtempSync(path.join(os.tmpdir(), 'kw-pod-'));
    const secret = kind('Secret');
    const mounts: [string, string][] = [];
    for (const mount of container.volumeMounts as Doc[]) {
      const volume = (pod.volumes as Doc[]).find((v) => v.name === mount.name)!;
      if (!volume.secret) continue; // the kubelet's service account volume: the kubeconfig below
      expect(volume.secret.secretName).toBe(secret.metadata.name);
      const into = path.join(root, mount.mountPath);
      mkdirSync(into, { recursive: true });
      for (const item of volume.secret.items as Doc[])
        writeFileSync(path.join(into, item.path), secret.stringData[item.key]);
      mounts.push([mount.mountPath, into]);
    }
    const atRoot = (value: string) => {
      const mount = mounts.find(([from]) => value.startsWith(`${from}/`));
      return mount ? mount[1] + value.slice(mount[0].length) : value;
    };
    const env: Record<string, string> = {};
    for (const e of container.env as Doc[]) {
      if (e.valueFrom) {
        expect(e.valueFrom.secretKeyRef.name).toBe(secret.metadata.name);
        env[e.name] = secret.stringData[e.valueFrom.secretKeyRef.key];
      } else env[e.name] = atRoot(e.value);
    }
    expect(env.KUBEWARD_API_URL).toBe(`http://127.0.0.1:${port}`);
    expect(readFileSync(env.KUBEWARD_TOKEN_FILE!, 'utf8')).toBe(registerCluster.agentToken);
    writeFileSync(path.join(root, 'kubeconfig'), kube.kubeconfig());

    // The image's entrypoint: node apps/agent/dist/main.js, no arguments.
    let output = '';
    agent = spawn(process.execPath, [AGENT_MAIN], {
      env: { PATH: process.env.PATH, ...env, KUBECONFIG: path.join(root, 'kubeconfig') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

    const exited = new Promise<number | null>((resolve) => agent!.once('exit', resolve));
    agent.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).not.toContain(registerCluster.agentToken);
  });
});
