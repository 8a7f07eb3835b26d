import { KubeConfig } from '@kubernetes/client-node';
import { FakeKube } from '@kubeward/fake-kube';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Agent } from '../src/agent';
import { Collector } from '../src/collect/collector';
import { Pusher } from '../src/push/pusher';
import { IngestReceiver, memoryLog } from './support/ingest';

const FIXTURE = readFileSync(path.join(__dirname, 'fixtures/secretive-cluster.yaml'), 'utf8');

/** Every secret value the fixture hides, in clear. */
const VALUES = [
  'SECRET-pg-password-Zq81xV',
  'SECRET-last-applied-9f3k',
  'SECRET-configmap-password-7Hq2',
  'SECRET-dsn-password-Lm4',
  'SECRET-deploy-last-applied-Q2',
  'SECRET-annotation-token-x7',
  'SECRET-arg-password-P0o9',
  'SECRET-command-key-Uu7',
  'SECRET-wJalrXUtnFEMIK7MDENGbPxRfiCY',
  'sk_live_SECRET51Hx9aPqLmNo',
  'ghp_SECRETabcdefghijklmnopqrstuvwxyz0123',
  'SECRET-env-dsn-pass',
  'SECRET-init-password-Bb3',
  'SECRET-cron-sftp-Kk9',
  'SECRET-pem-body-Jj1',
];

describe('redaction by construction', () => {
  let kube: FakeKube;
  let ingest: IngestReceiver;
  beforeAll(async () => {
    kube = FakeKube.fromYaml(FIXTURE);
    await kube.start();
    ingest = new IngestReceiver();
    await ingest.start();
  });
  afterAll(async () => {
    await kube.stop();
    await ingest.stop();
  });

  it('pushes none of the secret values of a cluster full of them, and never asks for a Secret', async () => {
    const values = VALUES;
    // The list is the fixture's: every value above is in it, and it holds no other.
    for (const v of values) expect(FIXTURE).toContain(v);
    expect(FIXTURE.match(/SECRET[A-Za-z0-9_-]*/g)!.filter((m) => !m.startsWith('SECRET_'))).toHaveLength(values.length);
    const base64 = [...FIXTURE.matchAll(/: (U0VDUkVU[A-Za-z0-9+/=]+)/g)].map((m) => m[1]!);
    expect(base64.length).toBe(2);

    const kc = new KubeConfig();
    kc.loadFromString(kube.kubeconfig());
    const { log, text } = memoryLog();
    const agent = new Agent(
      new Collector(kc, log),
      new Pusher({ apiUrl: ingest.url, token: { value: 'kwa_test-token-never-logged' } }, log),
      log,
    );
    const result = await agent.runOnce();
    expect(result.push.status).toBe('accepted');
    expect(result.workloads).toBe(3);

    const [pushed] = ingest.snapshots();
    const wire = pushed!.text;
    // The snapshot did carry the workloads and the ConfigMap's key names...
    expect(wire).toContain('"invoices"');
    expect(wire).toContain('DB_PASSWORD');
    expect(wire).toContain('AWS_SECRET_ACCESS_KEY');
    // ...and none of the values, nor the base64 of Secret data, nor anything with the marker.
    for (const v of [...values, ...base64]) expect(wire, v).not.toContain(v);
    expect(wire).not.toContain('SECRET-');
    expect(wire).not.toContain('sk_live_');
    expect(wire).not.toContain('BEGIN RSA PRIVATE KEY');
    expect(pushed!.raw.includes(Buffer.from('SECRET'))).toBe(false);

    expect(kube.requests.filter((r) => /secrets/i.test(r.path))).toEqual([]);
    // The in-cluster judgement travelled as a flag.
    const snapshot = JSON.parse(wire) as {
      configMaps: { name: string; keys: { name: string; looksSecret: boolean }[] }[];
    };
    const config = snapshot.configMaps.find((c) => c.name === 'app-config')!;
    expect(config.keys.find((k) => k.name === 'DB_PASSWORD')?.looksSecret).toBe(true);
    expect(config.keys.find((k) => k.name === 'PUBLIC_FLAG')?.looksSecret).toBe(false);

    // Nor did any secret or the token reach a log line.
    for (const v of values) expect(text()).not.toContain(v);
    expect(text()).not.toContain('kwa_test-token-never-logged');
  });
});
