import { closestRuleIds, unknownRuleIds } from './rule-ids';

describe('rule ids on the command line', () => {
  it('suggests the ids a word is part of, then those a typo away', () => {
    expect(closestRuleIds('privileged')).toEqual(['privileged-container', 'workload-sa-privileged-rbac']);
    expect(closestRuleIds('host-netwrk')).toEqual(['host-network']);
    expect(closestRuleIds('zzzz')).toEqual([]);
  });

  it('names every unknown id with its option, and accepts known ones', () => {
    expect(unknownRuleIds('--rules', ['host-network', 'privileged', 'nope'])).toBe(
      '--rules: "privileged" is not a rule id (did you mean privileged-container, workload-sa-privileged-rbac?)\n' +
        '--rules: "nope" is not a rule id',
    );
    expect(unknownRuleIds('--skip-rules', ['host-network'])).toBeUndefined();
    expect(unknownRuleIds('--rules', undefined)).toBeUndefined();
  });
});
