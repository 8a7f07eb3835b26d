import { parseImage } from '../../images';
import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, one } from '../../workload';

export const imageTagMutable: Rule = {
  id: 'image-tag-mutable',
  title: 'Image uses the latest tag or no tag',
  area: 'containers',
  practice: 'Easy to rebuild and redeploy',
  severity: 'MEDIUM',
  rationale:
    'A `latest` (or missing) tag names whatever was pushed last: two nodes can run different code under ' +
    'the same spec, a rollback cannot return to a known version, and nobody can tell what is deployed.',
  remediation: {
    text: 'Deploy an explicit version tag, or better a digest.',
    yaml: `spec:
  containers:
    - name: app
      image: ghcr.io/acme/app:1.4.2@sha256:<digest>`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Upgrading and application security practices' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { c } = e;
      const ref = parseImage(c.image);
      if (ref.digest || (ref.tag && ref.tag !== 'latest')) continue;
      results.push(
        containerResult(
          e,
          ref.tag
            ? `uses the mutable tag ${c.image}`
            : `uses ${c.image || 'an image'} without a tag (implicitly latest)`,
          'Pin an explicit version tag or digest.',
          one(e, 'image'),
        ),
      );
    }
    return results;
  },
};
