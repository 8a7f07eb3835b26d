import { FakeKube, parseManifests } from '@kubeward/fake-kube';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Browser as HttpBrowser } from './support/browser';
import { clientFor } from './support/graphql';
import { FakeSlack, launchChromium } from '@kubeward/harness';
import { screenshotDir, seriousViolations, settled } from './support/chromium';
import { createTestContext, type TestContext } from './support/context';

/**
 * The web console in a real browser (Debian's Chromium, driven by Playwright) against the real
 * API and worker, with data the real agent collected from a fake cluster: sign-in, every page's
 * main flow, a regression in the drift timeline, a risk accepted and the score moving.
 */
const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'apps/demo/fixtures');
const AGENT = path.join(ROOT, 'apps/agent/dist/bundle/agent.cjs');
const EMAIL = 'erin@acme.example';
const PASSWORD = 'correct horse battery staple 42';

let ctx: TestContext;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let kube: FakeKube;
let work: string;
let clusterId: string;
let ownerKey: string;
const shots = screenshotDir(ROOT);

/** One run of the real agent against the fake cluster; resolves once its snapshot is evaluated. */
async function runAgent(agentToken: string, evaluations: number): Promise<void> {
  const tokenFile = path.join(work, 'token');
  writeFileSync(tokenFile, agentToken, { mode: 0o600 });
  writeFileSync(path.join(work, 'kubeconfig'), kube.kubeconfig());
  const agent = spawn(
    process.execPath,
    [
      AGENT,
      '--once',
      '--allow-http',
      '--api-url',
      ctx.url,
      '--token-file',
      tokenFile,
      '--kubeconfig',
      path.join(work, 'kubeconfig'),
    ],
    { env: { PATH: process.env.PATH, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  agent.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => agent.once('exit', resolve));
  if (code !== 0) throw new Error(`the agent exited with ${code}: ${stderr}`);
  await until(async () => {
    const { rows } = await ctx.sql.query('SELECT count(*)::int AS n FROM "Evaluation" WHERE "clusterId" = $1', [
      clusterId,
    ]);
    return rows[0].n >= evaluations;
  }, 'the evaluation');
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The page as a user left it: no serious accessibility problem, and a screenshot for the docs. */
async function check(name: string): Promise<void> {
  await settled(page);
  expect(await seriousViolations(page), `accessibility of ${name}`).toEqual([]);
  // From the top: a full-page capture of a scrolled page draws the fixed header mid-page.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  ctx = await createTestContext();
  const org = await ctx.newOrg('Acme Shop');
  ownerKey = org.ownerKey;
  const cluster = await ctx.newCluster(org.organizationId, 'shop-prod');
  clusterId = cluster.clusterId;
  work = mkdtempSync(path.join(os.tmpdir(), 'kubeward-console-'));
  const fixture = (name: string) => parseManifests(readFileSync(path.join(FIXTURES, name), 'utf8'));
  kube = new FakeKube();
  // Acme's own workloads and the ingress controller (whose token can read every Secret: one cause, three rules).
  const acme = [...fixture('cluster.yaml'), ...fixture('third-party/ingress-nginx.yaml')];
  kube.load(acme);
  await kube.start();
  await runAgent(cluster.agentToken, 1);
  // The regression the demo tells of: a privileged DaemonSet and cluster-admin for a contractor.
  kube.load([...acme, ...fixture('regression.yaml')]);
  await runAgent(cluster.agentToken, 2);
  browser = await launchChromium();
  // Reduced motion: the console then opens and closes dialogs at once, so a check never reads a fading one.
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  page.on('console', (m) => process.stderr.write(`[browser] ${m.type()} ${m.text()}\n`));
  page.on('pageerror', (e) => process.stderr.write(`[pageerror] ${e.message}\n`));
});

afterAll(async () => {
  await browser?.close();
  await kube?.stop();
  await ctx?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the console', () => {
  it('serves its pages at / with a strict content security policy', async () => {
    const res = await fetch(`${ctx.url}/findings?severity=HIGH`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    // Air-gapped: nothing is loaded from another origin.
    expect(html).not.toMatch(/(src|href)="https?:/);
    // The API's own paths are the API's.
    expect((await fetch(`${ctx.url}/v1/nothing`)).status).toBe(404);
    expect((await fetch(`${ctx.url}/assets/missing.js`)).status).toBe(404);
  });

  it('joins by invitation, then signs in with a password', async () => {
    const { createInvitation } = await clientFor(ctx.url, ownerKey).request<{ createInvitation: { link: string } }>(
      'mutation { createInvitation(email: "erin@acme.example", access: { role: ADMIN }) { link } }',
    );
    await page.goto(createInvitation.link);
    await page.getByLabel('Your name').fill('Erin');
    await page.getByLabel('Password (for a new account)').fill(PASSWORD);
    await check('accept-invitation');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    // Signed out, a deep link goes through sign-in and lands where it pointed.
    await page.getByRole('button', { name: /Account of Erin/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.goto(`${ctx.url}/findings?severity=CRITICAL`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'You are signed out' }).waitFor();
    await check('sign-in');
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Findings' }).waitFor();
    expect(new URL(page.url()).searchParams.get('severity')).toBe('CRITICAL');
  });

  it('shows the organisation’s posture on the overview', async () => {
    await page.goto(`${ctx.url}/`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('link', { name: 'shop-prod' }).waitFor();
    const score = Number(await page.getByTestId('org-score').textContent());
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(100);
    await page.getByRole('heading', { name: 'Rules failing on most resources' }).waitFor();
    await page.locator('[data-chart="Posture trend"] canvas').waitFor();
    await check('overview');
  });

  it('shows the regression in the cluster’s drift timeline, with field diffs', async () => {
    await page.getByRole('link', { name: 'shop-prod' }).click();
    await page.getByRole('heading', { name: 'shop-prod' }).waitFor();
    const evaluations = page.getByRole('list', { name: 'Evaluations, newest first' }).getByRole('listitem');
    expect(await evaluations.count()).toBe(2);
    // The newest is selected: what the regression opened, and the objects it added.
    await expect.poll(() => evaluations.first().textContent()).toMatch(/opened/);
    await page.getByText('DaemonSet shop/node-debugger').first().waitFor();
    await page.getByText('ClusterRoleBinding contractor-admin').first().waitFor();
    // The first evaluation: the baseline.
    await evaluations.last().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('evaluation')).not.toBeNull();
    await page.getByRole('heading', { name: 'Open findings by practice and severity' }).waitFor();
    await check('cluster');
  });

  it('lists, filters, groups and exports findings', async () => {
    await page.goto(`${ctx.url}/findings`);
    const total = page.getByTestId('findings-total');
    await total.waitFor();
    const all = Number((await total.textContent())!.split(' ')[0]!.replace(/,/g, ''));
    expect(all).toBeGreaterThan(10);
    await page.getByLabel('Resource name').fill('node-debugger');
    await expect.poll(async () => new URL(page.url()).searchParams.get('q')).toBe('node-debugger');
    await expect.poll(async () => Number((await total.textContent())!.split(' ')[0])).toBeLessThan(all);
    await page
      .getByRole('link', { name: /privileged/i })
      .first()
      .waitFor();
    await check('findings');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^id,severity,status,rule,cluster,namespace,kind,name/);
    expect(csv.length - 1).toBe(Number((await total.textContent())!.split(' ')[0]));
    expect(csv.slice(1).every((line) => line.includes('node-debugger'))).toBe(true);
    await page.locator('label', { hasText: 'By rule' }).click();
    await page.getByText(/in \d+ groups?/).waitFor();
    await check('findings-by-rule');
  });

  it('explains a finding and accepts its risk; the score leaves it out', async () => {
    const before = await clusterScore();
    await page.goto(`${ctx.url}/findings?q=node-debugger&rule=%5B%22privileged-container%22%5D`);
    await page
      .getByRole('link', { name: /privileged/i })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Why it matters' }).waitFor();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.getByText('Caused by this change:').first().waitFor();
    await check('finding');
    await page.getByRole('button', { name: 'Accept this risk' }).click();
    await page.getByLabel('Reason').fill('Node debugging during the incident of the week; removed after.');
    await page.getByLabel('Owner').fill('platform team');
    await page.getByRole('button', { name: 'Accept risk' }).click();
    // The notification, and soon the finding's own badge: either says it.
    await page.getByText('Risk accepted').first().waitFor();
    await until(async () => (await clusterScore()) > before, 'the score to leave the accepted finding out');
    await page.goto(`${ctx.url}/clusters/${clusterId}`);
    await expect
      .poll(async () => Number(await page.getByTestId('cluster-score').textContent()))
      .toBeGreaterThan(before);
    await page.goto(`${ctx.url}/exceptions`);
    await page.getByText('platform team').waitFor();
    await check('exceptions');
  });

  it('groups one cause: the primary lists its related findings, each of which links back', async () => {
    await page.goto(`${ctx.url}/findings?q=ingress-nginx-controller&rule=%5B%22workload-sa-privileged-rbac%22%5D`);
    await page
      .getByRole('link', { name: /Pod mounts a token that can take over the cluster/i })
      .first()
      .click();
    const panel = page.getByLabel('Same cause');
    await panel.getByText('resolves these 3 related findings').waitFor();
    await panel.getByRole('link', { name: /secrets-readable-broadly · ClusterRoleBinding ingress-nginx/ }).waitFor();
    await check('finding-same-cause');
    await panel.getByRole('link', { name: /sa-token-automounted/ }).click();
    await page
      .getByLabel('Same cause')
      .getByRole('link', { name: /workload-sa-privileged-rbac · Deployment ingress-nginx\/ingress-nginx-controller/ })
      .waitFor();
  });

  it('shows a framework’s controls, opens one with its findings, goes back a day and exports the evidence', async () => {
    const { complianceReport } = await clientFor(ctx.url, ownerKey).request<{
      complianceReport: { summary: { percentage: number }; controls: { control: { id: string }; status: string }[] };
    }>('{ complianceReport(framework: "cis-1.10") { summary { percentage } controls { control { id } status } } }');
    const failing = complianceReport.controls.find((c) => c.status === 'FAIL')!.control.id;
    await page.goto(`${ctx.url}/compliance`);
    const percentage = page.getByTestId('compliance-percentage');
    await expect.poll(() => percentage.textContent()).toBe(`${complianceReport.summary.percentage}%`);
    await check('compliance');

    await page.getByRole('button', { name: failing, exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('control')).toBe(failing);
    const drawer = page.getByRole('dialog');
    await drawer.getByText(/^Findings as of/).waitFor();
    await drawer.getByRole('link').filter({ hasText: /\// }).first().waitFor();
    await check('compliance-control');
    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).searchParams.get('control')).toBe(null);

    await page.getByRole('combobox', { name: 'Framework' }).click();
    await page.getByRole('option', { name: /Restricted/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('framework')).toBe('pss-restricted');
    // The clusters were registered today: the day before, none had been evaluated.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('As of (end of the UTC day)').fill(yesterday);
    await expect.poll(() => new URL(page.url()).searchParams.get('day')).toBe(yesterday);
    await page.getByText('had no evaluation by then').waitFor();
    await expect.poll(() => percentage.textContent()).toBe('—');

    await page.goto(`${ctx.url}/compliance?framework=cis-1.10`);
    await expect.poll(() => percentage.textContent()).toBe(`${complianceReport.summary.percentage}%`);
    await page.getByRole('button', { name: 'Export evidence' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'PDF, for auditors' }).click();
    const pdf = await download;
    expect(pdf.suggestedFilename()).toMatch(/^kubeward-cis-1\.10-\d{8}T\d{6}Z\.pdf$/);
    expect(
      readFileSync(await pdf.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('runs the admin pages: keys, alerts, members, audit, settings', async () => {
    await page.goto(`${ctx.url}/api-keys`);
    await page.getByRole('button', { name: 'Create a key' }).click();
    await page.getByLabel('Name').fill('ci pipeline');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('Copy the key now').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('cell', { name: 'ci pipeline' }).waitFor();
    await check('api-keys');

    // A Slack destination for one namespace, added and tested from the Alerts page.
    const slack = await new FakeSlack().start();
    try {
      await page.goto(`${ctx.url}/alerts`);
      await page.getByRole('heading', { name: 'Alerts' }).waitFor();
      await page.getByRole('button', { name: 'Add a destination' }).click();
      await page.getByLabel('Incoming webhook URL').fill(slack.webhookUrl);
      await page.getByLabel('Description').fill('shop on-call channel');
      await page.getByPlaceholder('Every namespace').fill('shop');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Add destination' }).click();
      await page.getByText('Destination added').waitFor();
      await page.getByText('Only namespaces shop').waitFor();
      // The webhook's URL is its credential: the console shows where it points, not its path.
      await page.getByText(`${slack.origin}/…`).waitFor();
      expect(await page.content()).not.toContain(slack.path);
      await page.getByRole('button', { name: 'Send a test' }).click();
      await page.getByText('Test delivered: 200').waitFor();
      expect(slack.requests).toHaveLength(1);
      expect(slack.problems).toEqual([]);
      await page.getByRole('button', { name: 'Deliveries' }).click();
      await page.getByRole('cell', { name: 'webhook.test' }).waitFor();
      await page.getByText('succeeded').first().waitFor();
      await check('alerts');
      // Changed in place: the routing and severity move, the webhook URL stays as it was.
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByLabel('Description').fill('shop and payments on-call');
      await page.getByLabel('Only these namespaces').filter({ visible: true }).fill('payments');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Destination saved').waitFor();
      await page.getByText('Only namespaces shop, payments').waitFor();
      await page.getByRole('button', { name: 'Send a test' }).click();
      await expect.poll(() => slack.requests.length).toBe(2);
    } finally {
      await slack.stop();
    }

    // A second member, joined by HTTP; Erin makes them a MEMBER.
    const { createInvitation } = await clientFor(ctx.url, ownerKey).request<{ createInvitation: { link: string } }>(
      'mutation { createInvitation(email: "vic@acme.example", access: { role: VIEWER }) { link } }',
    );
    const vic = new HttpBrowser(ctx.url);
    const token = new URL(createInvitation.link).hash.replace('#token=', '');
    expect((await vic.post('/auth/invitations/accept', { token, password: PASSWORD })).status).toBe(200);
    await page.goto(`${ctx.url}/members`);
    await page.getByText(EMAIL).first().waitFor();
    await page.getByRole('combobox', { name: 'Role of vic@acme.example' }).click();
    await page.getByRole('option', { name: 'member', exact: true }).click();
    await page.getByText('Role changed').waitFor();
    const { rows } = await ctx.sql.query(
      `SELECT m.role FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = 'vic@acme.example'`,
    );
    expect(rows[0].role).toBe('MEMBER');
    await check('members');

    await page.goto(`${ctx.url}/audit`);
    await page.getByText('apiKey.create').first().waitFor();
    await check('audit');

    await page.goto(`${ctx.url}/settings`);
    await page.getByRole('combobox', { name: 'Trusted registries' }).fill('registry.acme.example/');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();
    const { organizationSettings } = await clientFor(ctx.url, ownerKey).request<{
      organizationSettings: { trustedRegistries: string[] };
    }>('{ organizationSettings { trustedRegistries } }');
    expect(organizationSettings.trustedRegistries).toEqual(['registry.acme.example/']);
    await check('settings');
  });

  it('works on a phone: every page fits 390 px', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const path of [
      '/',
      `/clusters/${clusterId}`,
      '/findings',
      '/compliance',
      '/exceptions',
      '/api-keys',
      '/members',
      '/audit',
      '/settings',
      '/alerts',
    ]) {
      await phone.goto(`${ctx.url}${path}`);
      await phone.locator('main h1').first().waitFor();
      const width = await phone.evaluate<number>('document.documentElement.scrollWidth');
      expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(390);
    }
    await phone.goto(`${ctx.url}/`);
    await phone.getByRole('heading', { name: 'Overview' }).waitFor();
    await phone.screenshot({ path: path.join(shots, 'overview-phone.png'), fullPage: true });
    await phone.close();
  });
});

async function clusterScore(): Promise<number> {
  const { rows } = await ctx.sql.query('SELECT "currentScore" FROM "Cluster" WHERE id = $1', [clusterId]);
  return rows[0].currentScore as number;
}
