import { parseImage } from '../../images';
import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, one } from '../../workload';

/**
 * A digest as the OCI image spec defines it (algorithm:encoded); a sha256 digest must be 64
 * lowercase hex characters, or the runtime refuses it and falls back to nothing.
 */
export function isValidDigest(digest: string | undefined): boolean {
  if (!digest) return false;
  const m = digest.match(/^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/);
  if (!m) return false;
  if (m[1] === 'sha256') return /^[a-f0-9]{64}$/.test(m[2]!);
  if (m[1] === 'sha512') return /^[a-f0-9]{128}$/.test(m[2]!);
  if (m[1] === 'blake3') return /^[a-f0-9]{64}$/.test(m[2]!);
  return true;
}

/** `registry.acme/app:1` is under `registry.acme` (and `registry.acme/app`), `registry.acme-evil/x` is not. */
const isUnder = (image: string, prefix: string) => {
  const p = prefix.replace(/\/+$/, '');
  return image === p || ['/', ':', '@'].some((sep) => image.startsWith(`${p}${sep}`));
};

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
    text: 'Reference images by digest (tools such as crane, skopeo or your CI can resolve them); images from a registry that refuses to overwrite tags can be listed in the immutableTagImages organisation setting instead.',
    yaml: `spec:
  containers:
    - name: app
      image: ghcr.io/acme/app:1.4.2@sha256:3b6f…`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: building secure container images' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot, settings) {
    const exempt = settings.immutableTagImages ?? [];
    const results: RuleResult[] = [];
    // A cluster runs a few images thousands of times: one text per image, not per container.
    const texts = new Map<string, string>();
    for (const e of containers(snapshot)) {
      const { c } = e;
      if (isValidDigest(parseImage(c.image).digest)) continue;
      if (exempt.length > 0 && exempt.some((prefix) => isUnder(c.image, prefix))) continue;
      results.push(
        containerResult(
          e,
          texts.get(c.image) ?? texts.set(c.image, `uses ${c.image || 'an image'} without a digest`).get(c.image)!,
          'Reference the image as name@sha256:<digest>.',
          one(e, 'image'),
        ),
      );
    }
    return results;
  },
};
