/** An image reference, split as the container runtime reads it. */
export interface ImageRef {
  /** Registry host; `docker.io` when the reference names none. */
  registry: string;
  /** Repository path without the registry, e.g. `library/nginx`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** Whether the reference named its registry explicitly. */
  explicitRegistry: boolean;
}

const parsed = new Map<string, ImageRef>();

/** Parses an image reference (memoised: clusters run the same few images thousands of times). */
export function parseImage(image: string): ImageRef {
  let ref = parsed.get(image);
  if (!ref) {
    if (parsed.size > 50_000) parsed.clear();
    ref = parseImageUncached(image);
    parsed.set(image, ref);
  }
  return ref;
}

function parseImageUncached(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const firstSlash = rest.indexOf('/');
  const first = firstSlash >= 0 ? rest.slice(0, firstSlash) : '';
  // The first component is a registry when it has a dot or a port, or is localhost.
  const explicitRegistry = firstSlash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = explicitRegistry ? first : 'docker.io';
  let path = explicitRegistry ? rest.slice(firstSlash + 1) : rest;
  let tag: string | undefined;
  const colon = path.lastIndexOf(':');
  if (colon > path.lastIndexOf('/')) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
  }
  const repository = registry === 'docker.io' && !path.includes('/') ? `library/${path}` : path;
  return { registry, repository, tag, digest, explicitRegistry };
}
