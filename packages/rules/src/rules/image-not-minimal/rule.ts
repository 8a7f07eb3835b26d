import { parseImage } from '../../images';
import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, one } from '../../workload';

/** Publishers and tags of minimal images: distroless, Chainguard/Wolfi, UBI micro, scratch-based builds. */
const MINIMAL = [
  /^gcr\.io\/distroless\//,
  /^cgr\.dev\//,
  /^registry\.access\.redhat\.com\/ubi\d*\/ubi-(micro|minimal)/,
  /^mcr\.microsoft\.com\/(dotnet\/.*:.*-(chiseled|distroless)|cbl-mariner\/distroless)/,
  /^docker\.io\/chainguard\//,
  /^registry\.k8s\.io\/(kube-|pause|coredns|etcd)/,
];
const MINIMAL_TAG = /(distroless|chiseled|scratch|static|nonroot)/;

const verdicts = new Map<string, boolean>();

export function isMinimalImage(image: string, allow: readonly string[] = []): boolean {
  if (allow.length > 0) return judge(image, allow);
  let minimal = verdicts.get(image);
  if (minimal === undefined) {
    if (verdicts.size > 50_000) verdicts.clear();
    minimal = judge(image, allow);
    verdicts.set(image, minimal);
  }
  return minimal;
}

function judge(image: string, allow: readonly string[]): boolean {
  const ref = parseImage(image);
  const full = `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}`;
  if (allow.some((prefix) => image.startsWith(prefix) || full.startsWith(prefix))) return true;
  return MINIMAL.some((re) => re.test(full)) || MINIMAL_TAG.test(ref.tag ?? '');
}

export const imageNotMinimal: Rule = {
  id: 'image-not-minimal',
  title: 'Image does not look minimal (heuristic)',
  area: 'containers',
  practice: 'Distroless base image',
  severity: 'LOW',
  rationale:
    'Images with a shell, a package manager and a full userland give an attacker tools to work with and ' +
    'carry more vulnerabilities. Distroless and similar minimal images ship only the application and its ' +
    'runtime. This is judged from the image reference alone, so it is a heuristic: allow-list your own ' +
    'minimal images in the organisation settings.',
  remediation: {
    text: 'Build on a distroless or similarly minimal base (gcr.io/distroless, cgr.dev/chainguard, UBI micro) in a multi-stage build.',
    yaml: `# Dockerfile
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -o /app ./cmd/app
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /app /app
ENTRYPOINT ["/app"]`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: building secure container images' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot, settings) {
    const results: RuleResult[] = [];
    // A cluster runs a few images thousands of times: one text per image, not per container.
    const texts = new Map<string, string>();
    for (const e of containers(snapshot)) {
      const { c } = e;
      if (!c.image || isMinimalImage(c.image, settings.minimalImages)) continue;
      results.push(
        containerResult(
          e,
          texts.get(c.image) ??
            texts
              .set(c.image, `uses ${c.image}, which does not look like a minimal image (judged from its name only)`)
              .get(c.image)!,
          'Build on a distroless base, or allow-list the image if it is minimal.',
          one(e, 'image'),
        ),
      );
    }
    return results;
  },
};
