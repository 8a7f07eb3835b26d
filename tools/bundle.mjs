// What the bundled deliverables (the CLI, the agent) share: esbuild's settings and the notices of
// the packages bundled into them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** esbuild options for one CommonJS file that runs on Node, built from the TypeScript sources. */
export const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  minify: true,
  // The workspace packages' `development` export: their TypeScript sources.
  conditions: ['development'],
  // Node's own punycode is deprecated and warns once bundled code (no longer under node_modules)
  // requires it: the userland package is the same code.
  alias: { punycode: 'punycode/' },
  // Their notices go into THIRD-PARTY-NOTICES.txt instead, once per package.
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

/** Each bundled package's licence, from its own package.json and LICENSE file, into `file`. */
export function writeNotices(results, file) {
  const packages = new Map();
  for (const input of results.flatMap((r) => Object.keys(r.metafile.inputs))) {
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (!match || packages.has(match[2])) continue;
    const dir = path.resolve(match[1]);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licence = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENSE-MIT.txt', 'license', 'LICENCE'].find((f) =>
      existsSync(path.join(dir, f)),
    );
    packages.set(match[2], {
      version: manifest.version,
      license: manifest.license ?? 'see package',
      text: licence ? readFileSync(path.join(dir, licence), 'utf8').trim() : '',
    });
  }
  writeFileSync(
    file,
    [...packages]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, p]) => `${name}@${p.version} (${p.license})\n\n${p.text}\n`)
      .join(`\n${'-'.repeat(72)}\n\n`),
  );
}

const clientDist = path.dirname(createRequire(import.meta.url).resolve('@kubernetes/client-node'));

/**
 * `@kubernetes/client-node` as the agent and the CLI use it: `KubeConfig` and `Watch`, from their
 * own modules rather than the package's index (whose every module runs at load), and for
 * KubeConfig's module the generated API client it imports for `makeApiClient` only, replaced by
 * one that says so if it is ever called. Loaded whole, the generated clients and models cost ~45
 * MiB and most of the start-up; both read plain JSON instead. Importing anything else from
 * client-node fails the build.
 */
export const kubernetesClient = {
  name: 'kubernetes-client',
  setup(build) {
    build.onResolve({ filter: /^@kubernetes\/client-node$/ }, () => ({
      path: 'index',
      namespace: 'kubernetes-client',
    }));
    build.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) =>
      args.importer === path.join(clientDist, 'config.js')
        ? { path: 'gen', namespace: 'kubernetes-client' }
        : undefined,
    );
    build.onLoad({ filter: /^index$/, namespace: 'kubernetes-client' }, () => ({
      contents: `export { KubeConfig } from './config.js';\nexport { Watch } from './watch.js';\n`,
      resolveDir: clientDist,
      loader: 'js',
    }));
    build.onLoad({ filter: /^gen$/, namespace: 'kubernetes-client' }, () => ({
      contents: `const absent = () => { throw new Error('built without client-node\\'s generated API client'); };
export const createConfiguration = absent;
export class ServerConfiguration { constructor() { absent(); } }
`,
      loader: 'js',
    }));
  },
};

/** A client-node whose modules moved would bring its generated client back unnoticed: refused. */
export function withoutGeneratedClient(result, what) {
  const inputs = Object.keys(result.metafile.inputs);
  if (!inputs.includes('kubernetes-client:gen') || inputs.some((i) => i.includes('client-node/dist/gen/')))
    throw new Error(`${what}: @kubernetes/client-node's generated client is in the bundle (see kubernetesClient)`);
}
