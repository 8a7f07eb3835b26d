import { FRAMEWORKS, rulesOf, type Framework } from '@kubeward/rules';
import { ComplianceError } from './compliance.errors';
import { ruleById } from '../catalogue/catalogue';
import { ControlAssessment, type FrameworkObject } from './framework.object';

const toObject = (f: Framework): FrameworkObject => ({
  id: f.id,
  name: f.name,
  version: f.version,
  publisher: f.publisher,
  url: f.url,
  description: f.description,
  controls: f.controls.map((c) => ({
    id: c.id,
    title: c.title,
    group: c.group,
    requirement: c.requirement,
    source: c.source,
    assessment: c.unjudged ? ControlAssessment[c.unjudged.kind] : ControlAssessment.RULES,
    reason: c.unjudged?.reason ?? null,
    rules: rulesOf(f, c).map(ruleById),
  })),
});

export const FRAMEWORK_OBJECTS: readonly FrameworkObject[] = FRAMEWORKS.map(toObject);
const BY_ID = new Map(FRAMEWORKS.map((f, i) => [f.id, { source: f, object: FRAMEWORK_OBJECTS[i]! }]));

/** A framework by id, as data and as its GraphQL object; NOT_FOUND naming the known ones when there is none. */
export function findFramework(id: string): { source: Framework; object: FrameworkObject } {
  const found = BY_ID.get(id);
  if (!found) {
    throw new ComplianceError(
      'NOT_FOUND',
      `Framework "${id.slice(0, 100)}" not found; one of ${[...BY_ID.keys()].join(', ')}.`,
      { field: 'id' },
    );
  }
  return found;
}
