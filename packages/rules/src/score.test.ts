import { RULES } from './registry';
import { score, type ScoredFinding } from './score';

const rules = RULES.map((r) => ({ id: r.id, severity: r.severity }));
const many = (n: number, f: ScoredFinding): ScoredFinding[] => Array.from({ length: n }, () => f);
const privileged: ScoredFinding = { ruleId: 'privileged-container', severity: 'CRITICAL', platform: false };
const hostPath: ScoredFinding = { ruleId: 'host-path-volume', severity: 'HIGH', platform: false };
const limits: ScoredFinding = { ruleId: 'missing-resource-limits', severity: 'LOW', platform: false };

describe('score', () => {
  it('is 100 with nothing failing, and with nothing evaluated', () => {
    expect(score([], rules)).toBe(100);
    expect(score([], [])).toBe(100);
  });

  it('caps a cluster with critical and high findings low, however much else passes', () => {
    // The cluster of the issue: 6 CRITICAL and 24 HIGH findings scored 89.5 before.
    const findings = [...many(6, privileged), ...many(24, hostPath)];
    expect(score(findings, rules)).toBe(25);
  });

  it('moves visibly with each new CRITICAL finding, even on a rule already failing', () => {
    const before = score(many(2, privileged), rules);
    const after = score(many(3, privileged), rules);
    expect(before - after).toBe(5);
    expect(score([privileged], rules)).toBe(50);
  });

  it('does not let platform components cap every cluster', () => {
    const kubeProxy = { ...privileged, platform: true };
    expect(score([kubeProxy], rules)).toBeGreaterThan(90);
  });

  it('counts breadth with diminishing returns: a rule failing on n resources loses n/(n+1) of its weight', () => {
    const total = rules.reduce((sum, r) => sum + { INFO: 0, LOW: 1, MEDIUM: 3, HIGH: 7, CRITICAL: 15 }[r.severity], 0);
    expect(score([limits], rules)).toBe(Math.round(10_000 * (1 - 0.5 / total)) / 100);
    expect(score(many(3, limits), rules)).toBe(Math.round(10_000 * (1 - 0.75 / total)) / 100);
    expect(score(many(1000, limits), rules)).toBeGreaterThan(99);
  });

  it('weighs a rule by its worst finding when that is worse than its default', () => {
    const sensitive = { ...hostPath, severity: 'CRITICAL' as const };
    expect(score([sensitive], rules)).toBe(50);
  });
});
