import { parseImage } from '../../images';
import type { Rule, RuleResult } from '../../types';
import { containerPath, containerResult, containers } from '../../workload';

export const imageNotPinnedByDigest: Rule = {
  id: 'image-not-pinned-by-digest',
  title: 'Image is not pinned by digest',
  area: 'containers',
  practice: 'Trust with signatures',
  severity: 'LOW',
  rationale:
    'Tags can be moved to other content by anyone who can push to the repository. Only a digest ' +
    '(`@sha256:…`) guarantees the bytes that were reviewed, scanned and signed are the bytes that run.',
  remediation: {
    text: 'Reference images by digest (tools such as crane, skopeo or your CI can resolve them).',
    yaml: `spec:
  containers:
    - name: app
      image: ghcr.io/acme/app:1.4.2@sha256:3b6f…`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: building secure container images' }],
  needs: ['workloads'],
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const [w, c] of containers(snapshot)) {
      if (parseImage(c.image).digest?.startsWith('sha256:')) continue;
      results.push(
        containerResult(
          w,
          c,
          `uses ${c.image || 'an image'} without a digest`,
          'Reference the image as name@sha256:<digest>.',
          [`${containerPath(w, c)}.image`],
        ),
      );
    }
    return results;
  },
};
