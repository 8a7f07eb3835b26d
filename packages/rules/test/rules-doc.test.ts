import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../src';
import { rulesMarkdown } from '../src/catalogue-doc';

const DOC = path.resolve(__dirname, '../../../docs/rules.md');

describe('docs/rules.md', () => {
  it('is the catalogue as it is (UPDATE_DOCS=1 writes it)', () => {
    const text = rulesMarkdown(RULES);
    if (process.env.UPDATE_DOCS) writeFileSync(DOC, text);
    expect(readFileSync(DOC, 'utf8')).toBe(text);
    for (const rule of RULES) expect(text).toContain(`### ${rule.id}\n`);
  });
});
