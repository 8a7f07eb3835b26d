import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The CLI's version, from the package file beside dist/ (or beside lib/, in the bundle). */
export const VERSION = (
  JSON.parse(readFileSync(path.join(__dirname, '../package.json'), 'utf8')) as { version: string }
).version;
