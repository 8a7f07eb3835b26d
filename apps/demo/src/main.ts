/**
 * `npm run demo`: Kubeward end to end on this machine. Starts PostgreSQL and Redis (harness), the
 * API and a worker as separate processes, a fake cluster, and the real agent; then tells the
 * story of a regression. `--once` exits after the story (CI); otherwise it runs until Ctrl-C.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BY_KIND, FakeKube, parseManifests } from '@kubeward/fake-kube';
import { Navigator, startOidcProvider, startStack, throughProvider } from '@kubeward/harness';
import { WebhookInbox } from './webhook-inbox';
import { RULES } from '@kubeward/rules';
import { bold, dim, green, printByPractice, printFindings, red, step } from './print';

const practiceOf = new Map(RULES.map((r) => [r.id, `${r.area} · ${r.practice}`]));

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.resolve(__dirname, '../fixtures');

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'Pod']);

/**
 * The demo's cluster: Acme's own workloads with the usual problems (fixtures/cluster.yaml), the
 * microservices-demo shop applied to namespace `boutique`, and ingress-nginx (fixtures/third-party).
 */
function demoCluster(): Record<string, unknown>[] {
  const read = (file: string) => parseManifests(readFileSync(path.join(FIXTURES, file), 'utf8'));
  const boutique = read('third-party/microservices-demo.yaml').map((o) => {
    const metadata = (o.metadata ?? {}) as Record<string, unknown>;
    return BY_KIND.get(o.kind as string)?.namespaced && !metadata.namespace
      ? { ...o, metadata: { ...metadata, namespace: 'boutique' } }
      : o;
  });
  return [
    ...read('cluster.yaml'),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'boutique' } },
    ...boutique,
    ...read('third-party/ingress-nginx.yaml'),
  ];
}

interface Finding {
  id: string;
  ruleId: string;
  severity: string;
  status: string;
  platform: boolean;
  resource: { kind: string; namespace: string | null; name: string };
  container: string | null;
  message: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { once: { type: 'boolean', default: false } } });
  const work = mkdtempSync(path.join(os.tmpdir(), 'kubeward-demo-'));
  const logFile = path.join(work, 'processes.log');
  const logs = createWriteStream(logFile);

  console.log(bold('\nKubeward demo') + dim(`  (process logs: ${logFile})\n`));

  const stack = await step('Starting PostgreSQL, Redis, the migrated database, the API and a worker', async () => {
    const s = await startStack({
      root: ROOT,
      logs,
      env: {
        LOG_LEVEL: 'info',
        // The demo's webhook receiver is local: allow exactly that.
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        RECONCILE_INTERVAL_MS: '2000',
        // So is its identity provider.
        OIDC_ALLOW_HTTP: 'true',
        OIDC_ALLOWED_HOSTS: '127.0.0.1',
      },
    });
    return {
      value: s,
      note: `postgres :${s.services.postgres!.port}, redis :${s.services.redis!.port}, ${s.apiUrl}/graphql`,
    };
  });
  const { env, apiUrl, run } = stack;

  const gql = graphqlClient(`${apiUrl}/graphql`);
  const { ownerApiKey } = await step('Creating the organisation "Acme Shop" and its owner API key', async () => {
    const data = await gql<{ createOrganization: { ownerApiKey: string } }>(
      env.OPERATOR_TOKEN!,
      'mutation { createOrganization(name: "Acme Shop") { ownerApiKey } }',
    );
    return { value: data.createOrganization };
  });

  const { idp, signInUrl, signedIn } = await step(
    'Signing Alice in through the demo’s own OpenID provider (single sign-on, group k8s-admins → ADMIN)',
    async () => {
      const clientSecret = randomBytes(24).toString('hex');
      const provider = await startOidcProvider([
        { clientId: 'kubeward-demo', clientSecret, redirectUris: [`${apiUrl}/auth/oidc/callback`] },
      ]);
      provider.accounts.set('alice', { email: 'alice@acme.example', name: 'Alice', groups: ['k8s-admins'] });
      const { configureIdentityProvider } = await gql<{ configureIdentityProvider: { signInUrl: string } }>(
        ownerApiKey,
        `mutation ($input: IdentityProviderInput!) { configureIdentityProvider(input: $input) { signInUrl } }`,
        {
          input: {
            issuer: provider.issuer,
            clientId: 'kubeward-demo',
            clientSecret,
            allowedDomains: ['acme.example'],
            groupMappings: [{ group: 'k8s-admins', role: 'ADMIN' }],
          },
        },
      );
      const nav = new Navigator();
      const callback = await throughProvider(nav, configureIdentityProvider.signInUrl, 'alice');
      const landed = await nav.go(callback.href, (u) => u.origin === apiUrl && !u.pathname.startsWith('/auth/'));
      if (landed.url.pathname !== '/') throw new Error(`sign-in failed: ${landed.url.searchParams.get('error')}`);
      const viewer = await sessionQuery<{ viewer: { user: { email: string }; current: { role: string } } }>(
        apiUrl,
        nav.cookieFor(apiUrl),
        '{ viewer { user { email } current { role } } }',
      );
      return {
        value: { idp: provider, signInUrl: configureIdentityProvider.signInUrl, signedIn: viewer.viewer },
        note: `${viewer.viewer.user.email} as ${viewer.viewer.current.role}, by session cookie`,
      };
    },
  );

  const inbox = new WebhookInbox();
  const { clusterId, agentToken, secret } = await step(
    'Registering cluster "shop-prod" and a webhook endpoint',
    async () => {
      const { registerCluster } = await gql<{ registerCluster: { cluster: { id: string }; agentToken: string } }>(
        ownerApiKey,
        'mutation { registerCluster(name: "shop-prod") { cluster { id } agentToken } }',
      );
      const receiverUrl = await inbox.start();
      const { createWebhookEndpoint } = await gql<{ createWebhookEndpoint: { secret: string } }>(
        ownerApiKey,
        'mutation ($url: String!) { createWebhookEndpoint(input: { url: $url, description: "demo receiver" }) { secret } }',
        { url: receiverUrl },
      );
      return {
        value: {
          clusterId: registerCluster.cluster.id,
          agentToken: registerCluster.agentToken,
          secret: createWebhookEndpoint.secret,
        },
        note: `webhooks → ${receiverUrl}`,
      };
    },
  );
  inbox.secret = secret;

  const base = demoCluster();
  const kube = new FakeKube();
  kube.load(base);
  await kube.start();
  const kubeconfig = path.join(work, 'kubeconfig');
  writeFileSync(kubeconfig, kube.kubeconfig());
  const tokenFile = path.join(work, 'agent-token');
  writeFileSync(tokenFile, agentToken, { mode: 0o600 });
  const evaluations = async () => {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM "Evaluation" WHERE "clusterId" = $1', [
      clusterId,
    ]);
    await client.end();
    return rows[0].n as number;
  };
  const runAgent = async (n: number) => {
    const agent = run(
      'agent',
      'apps/agent/dist/bundle/agent.cjs',
      // The demo's API listens on loopback without TLS.
      ['--once', '--allow-http', '--api-url', apiUrl, '--token-file', tokenFile, '--kubeconfig', kubeconfig],
      {
        LOG_LEVEL: 'info',
      },
    );
    await exited(agent, 'the agent');
    await until(async () => (await evaluations()) >= n, 'the evaluation');
  };
  // Every open finding of the cluster, page by page.
  const findings = async () => {
    const all: Finding[] = [];
    let after: string | null = null;
    do {
      const page: { findings: { edges: { node: Finding }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } =
        await gql(
          ownerApiKey,
          `query ($id: ID!, $after: String) { findings(filter: { clusterIds: [$id] }, first: 200, after: $after) {
             edges { node { id ruleId severity status platform resource { kind namespace name } container message } }
             pageInfo { hasNextPage endCursor } } }`,
          { id: clusterId, after },
        );
      all.push(...page.findings.edges.map((e) => e.node));
      after = page.findings.pageInfo.hasNextPage ? page.findings.pageInfo.endCursor : null;
    } while (after);
    return all;
  };

  const workloads = base.filter((o) => WORKLOAD_KINDS.has(o.kind as string)).length;
  await step(
    `Starting a fake cluster (${workloads} workloads, ${base.length} objects) and running the agent`,
    async () => {
      await runAgent(1);
      return { value: undefined };
    },
  );
  const before = await findings();
  const score1 = await clusterScore(gql, ownerApiKey);
  const compliance1 = await compliance(gql, ownerApiKey);
  console.log(`\n  Posture score ${bold(String(score1))} / 100; compliant: ${compliance1} (docs/compliance.md)`);
  console.log(`  ${before.length} open findings by practice:\n`);
  printByPractice(before.map((f) => ({ ...f, practice: practiceOf.get(f.ruleId) ?? f.ruleId })));
  console.log(`\n  The most severe, outside platform components:\n`);
  printFindings(
    before.filter((f) => !f.platform && (f.severity === 'CRITICAL' || f.severity === 'HIGH')),
    8,
  );

  // The first evaluation is the cluster's baseline: stored, not alerted. The next one alerts.
  const deliveriesBefore = inbox.received.length;
  await step(
    'Regression: a privileged "node-debugger" DaemonSet and cluster-admin for a contractor; the agent runs again',
    async () => {
      kube.load([...base, ...parseManifests(readFileSync(path.join(FIXTURES, 'regression.yaml'), 'utf8'))]);
      await runAgent(2);
      return { value: undefined };
    },
  );
  const after = await findings();
  const known = new Set(before.map((f) => f.id));
  const opened = after.filter((f) => !known.has(f.id));
  const score2 = await clusterScore(gql, ownerApiKey);
  console.log(`\n  Drift: posture ${score1} → ${red(bold(String(score2)))}, ${opened.length} findings opened.`);
  console.log(`  Compliance before: ${compliance1}\n             after:  ${await compliance(gql, ownerApiKey)}\n`);
  printFindings(opened);

  const delivery = await until(
    async () => inbox.received.slice(deliveriesBefore).find((d) => d.verified),
    'the webhook',
  );
  console.log(
    `\n  ${green('✔')} Webhook received at the local receiver, signature ${green('verified')} (Standard Webhooks):`,
  );
  console.log(dim(`    webhook-id: ${delivery.id}`));
  console.log(dim(`    ${delivery.summary}`));

  console.log(bold('\nTry it yourself\n'));
  console.log(`  GraphQL:  ${apiUrl}/graphql`);
  console.log(`  API key:  ${ownerApiKey}`);
  console.log(`  Cluster:  ${clusterId}\n`);
  const curl = (query: string) =>
    `  curl -s ${apiUrl}/graphql -H 'authorization: Bearer ${ownerApiKey}' -H 'content-type: application/json' \\\n` +
    `    -d '${JSON.stringify({ query })}'`;
  console.log(dim('  # Open findings, most severe first'));
  console.log(
    curl(
      `{ findings(filter: { clusterIds: ["${clusterId}"] }, first: 20) { edges { node { severity ruleId resource { kind namespace name } message } } pageInfo { hasNextPage endCursor } } }`,
    ),
  );
  console.log(dim('\n  # Your clusters and their posture'));
  console.log(curl('{ clusters { id name kubernetesVersion currentScore lastSnapshotAt } }'));
  console.log(dim('\n  # What resolved, and why'));
  console.log(
    curl(
      `{ findings(filter: { clusterIds: ["${clusterId}"], status: RESOLVED }) { edges { node { ruleId resource { name } resolutionReason resolvedAt } } } }`,
    ),
  );
  // Last, where the eye lands: the console, and a link that signs in to it.
  console.log(bold('\nThe console\n'));
  console.log(`  ${apiUrl}/`);
  console.log(`  Signed in: ${signInUrl}`);
  console.log(
    dim(
      `             single sign-on at the demo's identity provider as "alice" (any password): ${signedIn.user.email}, ${signedIn.current.role}, lands on the overview`,
    ),
  );
  console.log();

  if (!values.once) {
    console.log(dim('Running until Ctrl-C.'));
    await new Promise<void>((resolve) => process.once('SIGINT', resolve));
    console.log(dim('\nStopping…'));
  }
  await Promise.allSettled([inbox.stop(), kube.stop(), idp.stop()]);
  await stack.stop();
}

/** The compliance percentages the demo prints: CIS and NSA-CISA, over the organisation. */
async function compliance(gql: ReturnType<typeof graphqlClient>, key: string): Promise<string> {
  const { cis, nsa } = await gql<Record<'cis' | 'nsa', { summary: { percentage: number | null } }>>(
    key,
    `{ cis: complianceReport(framework: "cis-1.10") { summary { percentage } }
       nsa: complianceReport(framework: "nsa-cisa-1.2") { summary { percentage } } }`,
  );
  return `CIS Kubernetes Benchmark ${cis.summary.percentage}%, NSA-CISA hardening guide ${nsa.summary.percentage}%`;
}

async function clusterScore(gql: ReturnType<typeof graphqlClient>, key: string): Promise<number> {
  const { clusters } = await gql<{ clusters: { currentScore: number }[] }>(key, '{ clusters { currentScore } }');
  return clusters[0]!.currentScore;
}

function graphqlClient(url: string) {
  return async <T>(key: string, query: string, variables?: Record<string, unknown>): Promise<T> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data!;
  };
}

/** A GraphQL query as the console sends it: the session cookie, its origin, the CSRF header. */
async function sessionQuery<T>(apiUrl: string, cookie: string, query: string): Promise<T> {
  const res = await fetch(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: apiUrl, 'x-kubeward-csrf': '1' },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data!;
}

function exited(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${what} exited with code ${code}`)))),
  );
}

async function until<T>(
  check: () => Promise<T | undefined | false | null>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(red(`\nThe demo failed: ${err.message}`));
    process.exit(1);
  },
);
