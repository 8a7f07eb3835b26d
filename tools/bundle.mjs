// What the bundled deliverables (the CLI, the agent) share: esbuild's settings and the notices of
// the packages bundled into them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
