import { parseImage } from '../../images';
import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, one } from '../../workload';

/**
 * Whether an image comes from one of the trusted registries: a host (`ghcr.io`), a host/path
 * prefix (`ghcr.io/acme`), or a wildcard host (`*.azurecr.io`). Images that name no registry come
 * from Docker Hub (`docker.io`), and are judged as such.
 */
export function isTrusted(image: string, trusted: readonly string[]): boolean {
  const ref = parseImage(image);
  const host = ref.registry.toLowerCase();
  const full = `${host}/${ref.repository.toLowerCase()}`;
  return trusted.some((entry) => {
    const t = entry.replace(/\/+$/, '').replace(/\/\*$/, '').toLowerCase();
    if (t.startsWith('*.')) return host.endsWith(t.slice(1));
    return full === t || full.startsWith(`${t}/`) || host === t || (t === 'docker.io' && host === 'docker.io');
  });
}

export const imageFromUntrustedRegistry: Rule = {
  id: 'image-from-untrusted-registry',
  title: 'Image comes from a registry the organisation does not trust',
  area: 'containers',
  practice: 'Trust with signatures',
  severity: 'HIGH',
  rationale:
    'Images pulled from arbitrary registries bypass the scanning, signing and provenance controls an ' +
    'organisation applies to its own. Typosquatted and compromised public images are a common way in.',
  remediation: {
    text: 'Mirror the image into a trusted registry (and scan and sign it there), then deploy it from there.',
    yaml: `spec:
  containers:
    - name: app
      image: registry.acme.internal/mirror/nginx:1.27.3`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.5.1' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: building secure container images' },
  ],
  needs: ['workloads'],
  local: true,
  notApplicable: (_snapshot, settings) =>
    settings.trustedRegistries?.length ? undefined : 'no trusted registries configured for the organisation',
  evaluate(snapshot, settings) {
    const trusted = settings.trustedRegistries ?? [];
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { c } = e;
      if (isTrusted(c.image, trusted)) continue;
      results.push(
        containerResult(
          e,
          `pulls ${c.image} from ${parseImage(c.image).registry}, which is not a trusted registry`,
          `Use an image from ${trusted.join(', ')}.`,
          one(e, 'image'),
        ),
      );
    }
    return results;
  },
};
