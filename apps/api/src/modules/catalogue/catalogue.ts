import { RULES } from '@kubeward/rules';
import { DomainError } from '../../infra/errors';
import type { RuleObject } from './rule.object';

class CatalogueError extends DomainError {}

export const CATALOGUE: RuleObject[] = RULES.map((r) => ({
  id: r.id,
  title: r.title,
  area: r.area,
  practice: r.practice,
  severity: r.severity,
  rationale: r.rationale,
  remediation: r.remediation,
  references: r.references.map((ref) => ({
    framework: ref.framework,
    level: 'level' in ref ? ref.level : null,
    control: 'control' in ref ? ref.control : null,
    section: 'section' in ref ? ref.section : null,
  })),
  needs: [...r.needs],
}));

const BY_ID = new Map(CATALOGUE.map((r) => [r.id, r]));

/** A rule of the catalogue; NOT_FOUND naming the id when there is none. */
export function ruleById(id: string): RuleObject {
  const rule = BY_ID.get(id);
  if (!rule) throw new CatalogueError('NOT_FOUND', `Rule "${id.slice(0, 100)}" not found.`, { field: 'id' });
  return rule;
}
