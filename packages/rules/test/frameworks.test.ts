import {
  assessFramework,
  controlsOf,
  evaluate,
  FRAMEWORKS,
  FRAMEWORKS_BY_ID,
  outcomesOf,
  regressedControls,
  RULES,
  rulesOf,
  ruleControls,
} from '../src';
import { loadCase, ruleCases } from './cases';

describe('frameworks', () => {
  it('have unique ids, and unique control ids within each', () => {
    expect(FRAMEWORKS_BY_ID.size).toBe(FRAMEWORKS.length);
    for (const f of FRAMEWORKS) expect(new Set(f.controls.map((c) => c.id)).size).toBe(f.controls.length);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s: every reference and its practice name a control', (_id, rule) => {
    for (const ref of rule.references) {
      const controls = controlsOf(ref);
      expect(controls, JSON.stringify(ref)).not.toEqual([]);
      for (const c of controls)
        expect(FRAMEWORKS_BY_ID.get(c.framework)?.controls.map((x) => x.id)).toContain(c.control);
    }
    const fundamentals = ruleControls(rule).filter((c) => c.framework === 'container-security-fundamentals');
    expect(FRAMEWORKS_BY_ID.get('container-security-fundamentals')!.controls.map((c) => c.id)).toContain(
      fundamentals[0]!.control,
    );
  });

  it.each(FRAMEWORKS.flatMap((f) => f.controls.map((c) => [`${f.id} ${c.id}`, f, c] as const)))(
    '%s has rules or says why not, and cites its source',
    (_name, framework, control) => {
      const rules = rulesOf(framework, control);
      // Rules xor a reason: a reason beside rules would hide them, rules beside none would be lost.
      expect(rules.length > 0, `${rules.join(', ')} / ${control.unjudged?.reason}`).toBe(
        control.unjudged === undefined,
      );
      if (control.unjudged) expect(control.unjudged.reason.length).toBeGreaterThan(20);
      expect(control.requirement.length).toBeGreaterThan(10);
      expect(control.source).toContain(control.title);
      expect(control.source).toContain(framework.version);
    },
  );

  it('hold the sixteen practices, four in each area', () => {
    const fundamentals = FRAMEWORKS_BY_ID.get('container-security-fundamentals')!;
    expect(fundamentals.controls).toHaveLength(16);
    const perArea: Record<string, number> = {};
    for (const c of fundamentals.controls) perArea[c.group] = (perArea[c.group] ?? 0) + 1;
    expect(perArea).toEqual({
      Containers: 4,
      Pods: 4,
      Cluster: 4,
      Users: 4,
    });
  });

  it('restricted includes every baseline control', () => {
    const baseline = FRAMEWORKS_BY_ID.get('pss-baseline')!.controls.map((c) => c.id);
    const restricted = FRAMEWORKS_BY_ID.get('pss-restricted')!.controls.map((c) => c.id);
    expect(restricted).toEqual(expect.arrayContaining(baseline));
    expect(restricted.length).toBe(baseline.length + 6);
  });

  // Reviewed against the benchmark's text (the recommendation each control cites): a change to a
  // rule's references shows here and must be checked against it again.
  it('map CIS 1.10 recommendations to the rules that judge them', () => {
    const cis = FRAMEWORKS_BY_ID.get('cis-1.10')!;
    const mapping = Object.fromEntries(cis.controls.map((c) => [c.id, c.unjudged?.kind ?? rulesOf(cis, c).join(' ')]));
    expect(mapping).toEqual({
      '1.2.1': 'apiserver-anonymous-auth',
      '1.2.2': 'apiserver-token-auth-file',
      '1.2.6': 'apiserver-always-allow-authz',
      '1.2.8': 'MANUAL',
      '1.2.16': 'apiserver-audit-log-disabled',
      '1.2.27': 'apiserver-secrets-not-encrypted',
      '5.1.1':
        'binding-to-anonymous-or-all-authenticated cluster-admin-binding cluster-admin-binding-added workload-sa-privileged-rbac',
      '5.1.2': 'secrets-readable-broadly secrets-readable-in-namespace workload-sa-privileged-rbac',
      '5.1.3': 'rbac-wildcard',
      '5.1.4': 'rbac-create-pods workload-sa-privileged-rbac',
      '5.1.5': 'default-service-account-used',
      '5.1.6': 'sa-token-automounted',
      '5.1.7': 'system-masters-binding',
      '5.1.8': 'rbac-escalation-path rbac-escalation-verbs workload-sa-privileged-rbac',
      '5.1.9': 'rbac-create-persistent-volumes',
      '5.1.10': 'rbac-node-proxy',
      '5.1.11': 'rbac-csr-approval',
      '5.1.12': 'admission-webhook-fail-open rbac-webhook-config-write',
      '5.1.13': 'rbac-token-creation',
      '5.2.1':
        'namespace-without-pod-security no-policy-engine pod-security-enforce-lowered policy-enforcement-relaxed',
      '5.2.2': 'privileged-container',
      '5.2.3': 'host-pid-ipc',
      '5.2.4': 'host-pid-ipc',
      '5.2.5': 'host-network',
      '5.2.6': 'privilege-escalation-allowed',
      '5.2.7': 'run-as-root',
      '5.2.8': 'capabilities-not-dropped',
      '5.2.9': 'dangerous-capabilities-added',
      '5.2.10': 'capabilities-not-dropped',
      '5.2.11': 'NOT_EVALUABLE',
      '5.2.12': 'host-path-volume',
      '5.2.13': 'host-port',
      '5.3.1': 'MANUAL',
      '5.3.2': 'namespace-without-network-policy network-policy-last-removed',
      '5.4.1': 'secret-in-env-literal',
      '5.4.2': 'MANUAL',
      '5.5.1': 'image-from-untrusted-registry no-image-signature-enforcement',
      '5.7.1': 'MANUAL',
      '5.7.2': 'seccomp-unconfined',
      '5.7.3': 'MANUAL',
      '5.7.4': 'workloads-in-default-namespace',
    });
  });

  it('judge a snapshot: a failing rule fails its controls, a rule that did not run passes none', () => {
    const cis = FRAMEWORKS_BY_ID.get('cis-1.10')!;
    const { snapshot } = loadCase(ruleCases('privileged-container').find((c) => c.expect === 'fail')!.file);
    const settings = { now: '2026-01-01T00:00:00Z' };
    const verdicts = (include?: string[]) =>
      Object.fromEntries(
        assessFramework(cis, outcomesOf(evaluate(snapshot, { ...settings, include }))).controls.map((c) => [
          c.control.id,
          c.verdict,
        ]),
      );
    const all = verdicts();
    expect(all['5.2.2']).toEqual({ status: 'FAIL' });
    expect(all['5.3.1']?.status).toBe('MANUAL');
    // No trusted registries configured: the control cannot pass, and says which rule could not judge.
    expect(all['5.5.1']?.reason).toContain('image-from-untrusted-registry: ');
    const only = verdicts(['privileged-container']);
    expect(only['5.2.2']).toEqual({ status: 'FAIL' });
    expect(only['5.2.3']).toEqual({ status: 'NOT_EVALUABLE', reason: 'host-pid-ipc: not run' });
    const { summary } = assessFramework(
      cis,
      outcomesOf(evaluate(snapshot, { ...settings, include: ['privileged-container'] })),
    );
    expect(summary).toMatchObject({ pass: 0, fail: 1, percentage: 0 });
  });
});

describe('regressedControls', () => {
  it('names the controls that passed and now fail, in every framework, and no other', () => {
    const counts = (table: Record<string, number>) => (id: string) => table[id] ?? 0;
    const regressed = regressedControls(
      counts({ 'host-pid-ipc': 1 }),
      counts({ 'host-pid-ipc': 1, 'privileged-container': 2 }),
    );
    expect(regressed.filter((r) => r.framework === 'cis-1.10')).toEqual([
      {
        framework: 'cis-1.10',
        control: '5.2.2',
        title: 'Minimize the admission of privileged containers',
        rules: ['privileged-container'],
      },
    ]);
    expect(regressed.map((r) => `${r.framework} ${r.control}`)).toEqual([
      'cis-1.10 5.2.2',
      'nsa-cisa-1.2 pod.non-root',
      'pss-baseline baseline/privileged-containers',
      'pss-restricted baseline/privileged-containers',
      'container-security-fundamentals no-privileged-containers',
    ]);
    // Already failing through another rule: not a regression.
    expect(
      regressedControls(counts({ 'run-as-root': 1 }), counts({ 'run-as-root': 1, 'privileged-container': 1 })).map(
        (r) => `${r.framework} ${r.control}`,
      ),
    ).not.toContain('nsa-cisa-1.2 pod.non-root');
    expect(regressedControls(counts({}), counts({}))).toEqual([]);
  });
});
