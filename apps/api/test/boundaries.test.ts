import { ESLint } from 'eslint';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const QUERY = `import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service';

@Injectable()
export class Thing {
  constructor(private readonly prisma: PrismaService) {}
  count() {
    return this.prisma.cluster.count();
  }
}
`;

describe('only repositories touch the database (lint)', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const restricted = async (code: string, file: string) =>
    (await eslint.lintText(code, { filePath: path.join(ROOT, file) }))
      .flatMap((r) => r.messages)
      .filter((m) => m.ruleId === 'no-restricted-imports')
      .map((m) => m.message);

  it('refuses the Prisma service in a service, a resolver or a processor', async () => {
    for (const file of [
      'apps/api/src/modules/things/things.service.ts',
      'apps/api/src/modules/things/things.resolver.ts',
      'apps/api/src/modules/things/jobs/things.processor.ts',
    ]) {
      expect(await restricted(QUERY, file)).toEqual([expect.stringMatching(/Only repositories/)]);
    }
    expect(
      await restricted(
        `import { Prisma } from '../../generated/prisma/client';\nexport const q = Prisma.sql\`SELECT 1\`;\n`,
        'apps/api/src/modules/things/things.service.ts',
      ),
    ).toHaveLength(1);
  });

  it('allows it in a repository, and its types anywhere', async () => {
    expect(await restricted(QUERY, 'apps/api/src/modules/things/things.repository.ts')).toEqual([]);
    const types = `import type { Tx } from '../../infra/prisma/prisma.service';\nimport type { Prisma } from '../../generated/prisma/client';\nexport type T = [Tx, Prisma.InputJsonValue];\n`;
    expect(await restricted(types, 'apps/api/src/modules/things/things.service.ts')).toEqual([]);
  });
});
