import { FakeKube } from '@kubeward/fake-kube';
import { RULES, type Finding } from '@kubeward/rules';
import { evaluateSnapshot } from '../../cli/src/scan';
import { loadCase, readCase, ruleCases } from '../../../packages/rules/test/cases';
import { createTestContext, eventually, type TestContext } from './support/context';
import { agentFor } from './support/agent';
import type { OrgScope } from '../src/modules/auth/scope';

/**
 * The CLI and the service must see the same thing. Every rule's pass and fail cases go once through
 * the CLI (manifests → snapshot → engine) and once through the service as a cluster would send them
 * (the fake API server → the agent's collector and normaliser → ingest validation → the worker),
 * and the open findings must be equal for every rule the CLI could judge.
 */
type Row = Pick<Finding, 'ruleId' | 'severity' | 'platform' | 'container'> & {
  resource: string;
  paths: string[];
};

const key = (r: Row) => JSON.stringify(r);
const sorted = (rows: Row[]) => rows.map(key).sort();

describe('CLI and service parity on the rule cases', () => {
  let ctx: TestContext;
  let kube: FakeKube;
  const orgs = new Map<string, OrgScope>();

  beforeAll(async () => {
    ctx = await createTestContext();
    kube = new FakeKube();
    await kube.start();
  });
  afterAll(async () => {
    await kube?.stop();
    await ctx?.close();
  });

  /** One organisation per distinct settings, so a case's trusted registries reach the worker. */
  async function orgFor(settings: object): Promise<OrgScope> {
    const id = JSON.stringify(settings);
    let org = orgs.get(id);
    if (!org) {
      org = (await ctx.newOrg()).organizationId;
      await ctx.sql.query('UPDATE "Organization" SET settings = $2 WHERE id = $1', [org, id]);
      orgs.set(id, org);
    }
    return org;
  }

  // Drift cases whose finding was already standing, or whose accounts were last used weeks ago, are
  // the engine's to test: the service cannot be put in that state without replaying that history.
  const cases = RULES.flatMap((r) => ruleCases(r.id)).filter((c) => {
    const previous = readCase(c.file).previous;
    return !previous?.standing?.length && !previous?.accounts;
  });
  it.each(cases.map((c) => [`${c.ruleDir}/${c.file.split('/').pop()}`, c] as const))('%s', async (_name, c) => {
    const input = readCase(c.file);
    const now = new Date().toISOString();
    // The CLI's engine on the CLI's snapshot of the files (with the case's cluster facts, which a
    // scan of a live cluster has too).
    const { snapshot, settings } = loadCase(c.file);
    const cli = {
      result: evaluateSnapshot(snapshot, {
        now,
        trustedRegistries: input.settings.trustedRegistries,
        history: settings.history,
      }),
    };
    const judged = new Set(cli.result.evaluated);

    const { clusterId, agentToken } = await ctx.newCluster(await orgFor(input.settings));
    kube.setOptions({ serverVersion: input.serverVersion ?? { major: '1', minor: '35', gitVersion: 'v1.35.1' } });
    const agent = agentFor(kube, ctx.url, agentToken);
    // A drift case's cluster is first seen as it was, then as it is.
    const states = input.previous ? [input.previous.objects, input.objects] : [input.objects];
    for (const [i, objects] of states.entries()) {
      kube.load(objects);
      expect((await agent.runOnce()).push.status).toBe('accepted');
      await eventually(async () => {
        const { rows } = await ctx.sql.query('SELECT 1 FROM "Evaluation" WHERE "clusterId" = $1', [clusterId]);
        return rows.length > i || undefined;
      }, `the evaluation of ${c.file}`);
    }
    const { rows } = await ctx.sql.query<{
      ruleId: string;
      severity: Row['severity'];
      platform: boolean;
      container: string | null;
      resourceKind: string;
      resourceNamespace: string | null;
      resourceName: string;
      paths: string[];
    }>(
      `SELECT "ruleId", severity, platform, container, "resourceKind", "resourceNamespace", "resourceName", paths
         FROM "Finding" WHERE "clusterId" = $1 AND status = 'OPEN'`,
      [clusterId],
    );
    const service: Row[] = rows
      .filter((f) => judged.has(f.ruleId))
      .map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        platform: f.platform,
        container: f.container ?? undefined,
        resource: [f.resourceKind, f.resourceNamespace, f.resourceName].filter(Boolean).join('/'),
        paths: [...f.paths].sort(),
      }));
    const local: Row[] = cli.result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      platform: f.platform,
      container: f.container,
      resource: [f.resource.kind, f.resource.namespace, f.resource.name].filter(Boolean).join('/'),
      paths: [...f.paths].sort(),
    }));
    expect(sorted(service)).toEqual(sorted(local));
    // The case says something: a fail case's own rule fires on both sides.
    if (c.expect === 'fail') expect(local.some((f) => f.ruleId === c.ruleDir)).toBe(true);
  });
});
