import { generate } from '@graphql-codegen/cli';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const WEB = path.resolve(__dirname, '..');

/**
 * The console's typed documents are generated from apps/api/schema.graphql and committed: they
 * must be what the generator makes of today's schema and documents (else: npm run codegen -w @kubeward/web).
 */
describe('the generated GraphQL types', () => {
  it('match the schema and the documents', async () => {
    const cwd = process.cwd();
    process.chdir(WEB);
    try {
      const config = (await import(path.join(WEB, 'codegen.ts'))).default;
      const outputs: { filename: string; content: string }[] = await generate({ ...config, silent: true }, false);
      expect(outputs.length).toBeGreaterThan(0);
      for (const out of outputs) {
        const onDisk = readFileSync(path.resolve(WEB, out.filename), 'utf8');
        expect(onDisk, `${out.filename} is stale: run npm run codegen -w @kubeward/web`).toBe(out.content);
      }
    } finally {
      process.chdir(cwd);
    }
  });
});
