import type { Snapshot } from '@kubeward/snapshot';
import { bindingFinding } from './bindings';
import {
  describeBinding,
  describeSubject,
  POWERS,
  powerGrants,
  where,
  type PowerGrant,
  type PowerId,
} from './permissions';
import type { Rule, RuleMeta, RuleResult, Severity } from './types';

const joined = (labels: string[]) =>
  labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;

/**
 * A rule that reports every non-system binding giving people or workloads one of `powers`: one
 * finding per binding, naming its subjects, the powers, where they apply and the role.
 */
export function powerRule(
  meta: Omit<RuleMeta, 'needs'>,
  powers: PowerId[],
  options: {
    severity?: (grant: PowerGrant, snapshot: Snapshot) => Severity | undefined;
    /** Which grants the rule is about (another rule may report the rest). */
    only?: (grant: PowerGrant) => boolean;
  } = {},
): Rule {
  return {
    ...meta,
    needs: ['rbac'],
    evaluate(snapshot) {
      const results: RuleResult[] = [];
      for (const grant of powerGrants(snapshot, powers)) {
        if (options.only && !options.only(grant)) continue;
        const { binding } = grant;
        const result = bindingFinding(
          binding,
          grant.subjects,
          `${describeBinding(binding)} lets ${grant.subjects.map(describeSubject).join(', ')} ` +
            `${joined(grant.powers.map((p) => POWERS[p].label))} ${where(grant.namespace)} ` +
            `(${binding.roleRef.kind} ${binding.roleRef.name}). ${meta.remediation.text}`,
        );
        result.paths.push('roleRef');
        const severity = options.severity?.(grant, snapshot);
        if (severity) result.severity = severity;
        results.push(result);
      }
      return results;
    },
  };
}
