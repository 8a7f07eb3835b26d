// The agent as shipped: one file (dist/bundle/agent.cjs) and its third-party notices, run by the
// image with no node_modules. Bundled for memory (docs/benchmarks.md, "Watch"): loaded whole,
// @kubernetes/client-node costs the agent ~45 MiB before it reads anything, nearly all of it the
// generated API clients and models, which the agent never uses (it reads plain JSON, KubeReader).
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundle, writeNotices } from '../../tools/bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'dist/bundle');
const clientDist = path.dirname(createRequire(import.meta.url).resolve('@kubernetes/client-node'));

/**
 * The two classes the agent takes from client-node, from their own modules rather than its index
 * (whose every module runs at load); and, for KubeConfig's module, the generated client it
 * imports for `makeApiClient` only, replaced by one that says so if it is ever called. Importing
 * anything else from client-node fails the build.
 */
const kubernetesClient = {
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
      contents: `const absent = () => { throw new Error('the agent is built without client-node\\'s generated API client'); };
export const createConfiguration = absent;
export class ServerConfiguration { constructor() { absent(); } }
`,
      loader: 'js',
    }));
  },
};

/**
 * Node warns of a deprecated call only when it is made outside node_modules, and bundled
 * dependencies no longer are: node-fetch 2 (client-node's `Watch`) calls `url.parse` on the URL the
 * agent builds from the kubeconfig's server. That one warning is dropped; the agent logs JSON lines
 * only, and every other warning still goes to stderr.
 */
const quietBundledDeprecations = `'use strict';
{
  const emitWarning = process.emitWarning;
  process.emitWarning = function (warning, ...rest) {
    const code = typeof rest[0] === 'object' ? rest[0]?.code : rest[1];
    if (code === 'DEP0169') return;
    return emitWarning.call(this, warning, ...rest);
  };
}`;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  ...nodeBundle,
  plugins: [kubernetesClient],
  banner: { js: quietBundledDeprecations },
  entryPoints: [path.join(here, 'src/main.ts')],
  outfile: path.join(out, 'agent.cjs'),
  target: 'node24',
  // Names kept, so that a stack in a pod's log reads; it costs no memory measurable at rest.
  minify: false,
  minifyWhitespace: true,
  minifySyntax: true,
});
// A client-node whose modules moved would bring the generated client back unnoticed: refuse.
const inputs = Object.keys(result.metafile.inputs);
if (!inputs.includes('kubernetes-client:gen') || inputs.some((i) => i.includes('client-node/dist/gen/'))) {
  throw new Error(
    `apps/agent/bundle.mjs: @kubernetes/client-node's generated client is in the bundle; see kubernetesClient`,
  );
}
writeNotices([result], path.join(out, 'THIRD-PARTY-NOTICES.txt'));
