// The installable CLI: bundled files and a package.json with no dependencies, in dist/npm,
// ready for `npm pack` (and the container image and GitHub Action built from it).
// Bundled from the TypeScript sources (the workspace packages' `development` export): ES imports
// and tools/bundle.mjs's `kubernetesClient` leave the Kubernetes client's generated API out.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubernetesClient, nodeBundle, withoutGeneratedClient, writeNotices } from '../../tools/bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'dist/npm');
const workspace = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));
const root = JSON.parse(readFileSync(path.join(here, '../../package.json'), 'utf8'));

rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'bin'), { recursive: true });
mkdirSync(path.join(out, 'lib'), { recursive: true });

// Node built-ins the CLI may never touch on a run (child_process: commander's executable
// subcommands, which kubeward has none of; crypto: only once findings are fingerprinted) are
// required on first use rather than at start-up, which loading them costs ~20 ms of.
const LAZY_BUILTINS = /^(node:)?(child_process|crypto)$/;
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: LAZY_BUILTINS }, (args) =>
      // The proxy's own require is the real built-in.
      args.namespace === 'lazy'
        ? { path: args.path, external: true }
        : { path: args.path.replace(/^node:/, ''), namespace: 'lazy' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:${args.path}'))[k], has: (_, k) => k in (m ??= require('node:${args.path}')) });`,
      loader: 'js',
    }));
  },
};

const common = { ...nodeBundle, plugins: [lazyBuiltins], target: 'node20.19' };
// The scanner, and the live-cluster reader it imports only for --kubeconfig: the Kubernetes client
// and its HTTP stack would otherwise be compiled and initialised on every run.
const results = await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(here, 'src/bin.ts')],
    outfile: path.join(out, 'lib/kubeward.js'),
    external: ['./live-cluster.js'],
  }),
  build({
    ...common,
    plugins: [...common.plugins, kubernetesClient],
    entryPoints: [path.join(here, 'src/live-cluster.ts')],
    outfile: path.join(out, 'lib/live-cluster.js'),
  }),
]);
withoutGeneratedClient(results[1], 'the CLI');
// The executable: V8's compile cache (Node >= 22.1) spares a warm start re-parsing the bundle.
writeFileSync(
  path.join(out, 'bin/kubeward.js'),
  `#!/usr/bin/env node
'use strict';
require('node:module').enableCompileCache?.();
require('../lib/kubeward.js');
`,
  { mode: 0o755 },
);

writeNotices(results, path.join(out, 'THIRD-PARTY-NOTICES.txt'));

writeFileSync(
  path.join(out, 'package.json'),
  `${JSON.stringify(
    {
      name: 'kubeward',
      version: workspace.version,
      description: 'Kubernetes security posture: scan manifests or a live cluster, diff two versions, in CI.',
      license: root.license,
      bin: { kubeward: 'bin/kubeward.js' },
      files: ['bin', 'lib', 'THIRD-PARTY-NOTICES.txt', 'README.md'],
      engines: { node: '>=20.19' },
      keywords: ['kubernetes', 'security', 'sarif', 'ci', 'pod-security-standards'],
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  path.join(out, 'README.md'),
  `# kubeward

The Kubeward rules over Kubernetes manifests or a live cluster, in one file with no dependencies.

\`\`\`sh
npx kubeward scan -f k8s/ --fail-on high
helm template my-chart | npx kubeward scan -f - --format sarif > kubeward.sarif
npx kubeward diff main:k8s k8s/ --format markdown --fail-on high
npx kubeward --help
\`\`\`

Exit codes: 0 clean; 1 a finding at or above --fail-on; 2 a usage or input error.
`,
);
