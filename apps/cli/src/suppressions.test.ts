import { parseIgnore } from './suppressions';

describe('parseIgnore', () => {
  it('reads one rule and its reason per line', () => {
    expect(
      parseIgnore('privileged-container: node debugger, removed after the incident\nhost-path-volume: reads /var/log'),
    ).toEqual({
      suppressions: [
        { ruleId: 'privileged-container', reason: 'node debugger, removed after the incident' },
        { ruleId: 'host-path-volume', reason: 'reads /var/log' },
      ],
      errors: [],
    });
  });

  it('refuses an entry without a reason or with an unknown rule, naming it', () => {
    expect(parseIgnore('privileged-container\nprivileged: debugging').errors).toEqual([
      'kubeward.io/ignore: "privileged-container" needs a reason ("privileged-container: why it is acceptable")',
      'kubeward.io/ignore: "privileged" is not a rule id (did you mean privileged-container, workload-sa-privileged-rbac?)',
    ]);
  });
});
