/** `npm run conformance -- --corpus <dir> [--json] [--mapping <file>] [--write <markdown file>]` */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatTable } from './format';
import { DEFAULT_MAPPING } from './paths';
import { type Mapping, runCorpus } from './run';

function main(): number {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      mapping: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.corpus) {
    console.error('Usage: npm run conformance -- --corpus <dir> [--json] [--mapping <file>]');
    return 2;
  }
  const mapping = JSON.parse(readFileSync(values.mapping ?? DEFAULT_MAPPING, 'utf8')) as Mapping;
  const report = runCorpus(path.resolve(values.corpus), mapping);
  console.log(values.json ? JSON.stringify(report, null, 2) : formatTable(report));
  return 0;
}

process.exitCode = main();
