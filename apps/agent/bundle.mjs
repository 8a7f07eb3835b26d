// The agent as shipped: one file (dist/bundle/agent.cjs) and its third-party notices, run by the
// image with no node_modules. Bundled for memory (docs/benchmarks.md, "Watch"): loaded whole,
// @kubernetes/client-node costs the agent ~45 MiB before it reads anything, nearly all of it the
// generated API clients and models, which the agent never uses (it reads plain JSON, KubeReader).
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubernetesClient, nodeBundle, withoutGeneratedClient, writeNotices } from '../../tools/bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'dist/bundle');

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
withoutGeneratedClient(result, 'the agent');
writeNotices([result], path.join(out, 'THIRD-PARTY-NOTICES.txt'));
