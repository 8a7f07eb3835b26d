import { ESLint } from 'eslint';
import path from 'node:path';
import type { AuditRepository } from '../src/modules/audit/audit.repository';
import type { ApiKeysRepository } from '../src/modules/auth/api-keys.repository';
import { scopeOf, wholeOrganization } from '../src/modules/auth/scope';
import type { ClustersRepository } from '../src/modules/clusters/clusters.repository';
import type { DeletionsRepository } from '../src/modules/deletions/deletions.repository';
import type { ExceptionsRepository } from '../src/modules/exceptions/exceptions.repository';
import type { FindingsRepository } from '../src/modules/findings/findings.repository';
import type { HistoryRepository } from '../src/modules/history/history.repository';
import type { WebhooksRepository } from '../src/modules/webhooks/webhooks.repository';

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

describe('tenant scope is a type', () => {
  // Each line below fails to compile (typecheck) if the method took a plain string again: an id
  // named in a request could then scope a query.
  type First<F> = F extends (scope: infer S, ...rest: never[]) => unknown ? S : never;
  const fromInput = 'an-id-from-a-request';
  it('is required by every repository method that reads or writes for a caller', () => {
    const scoped: unknown[] = [];
    const take = <S>(value: S) => scoped.push(value);
    // @ts-expect-error a string is not a scope
    take<First<ClustersRepository['list']>>(fromInput);
    // @ts-expect-error nor is an organisation's scope without what of it the caller sees
    take<First<ClustersRepository['list']>>(scopeOf(fromInput));
    take<First<ClustersRepository['list']>>(wholeOrganization(scopeOf(fromInput)));
    // @ts-expect-error a string is not a scope
    take<First<FindingsRepository['ownedClusters']>>(fromInput);
    take<First<FindingsRepository['ownedClusters']>>(wholeOrganization(scopeOf(fromInput)));
    // @ts-expect-error a string is not a scope
    take<First<HistoryRepository['events']>>(fromInput);
    take<First<HistoryRepository['events']>>(scopeOf(fromInput));
    // @ts-expect-error a string is not a scope
    take<First<WebhooksRepository['listEndpoints']>>(fromInput);
    take<First<WebhooksRepository['listEndpoints']>>(wholeOrganization(scopeOf(fromInput)));
    // @ts-expect-error a string is not a scope
    take<First<ExceptionsRepository['find']>>(fromInput);
    take<First<ExceptionsRepository['find']>>(scopeOf(fromInput));
    // @ts-expect-error a string is not a scope
    take<First<ApiKeysRepository['list']>>(fromInput);
    take<First<ApiKeysRepository['list']>>(wholeOrganization(scopeOf(fromInput)));
    // @ts-expect-error a string is not a scope
    take<First<AuditRepository['page']>>(fromInput);
    take<First<AuditRepository['page']>>(scopeOf(fromInput));
    // @ts-expect-error a string is not a scope
    take<First<DeletionsRepository['listForOrganization']>>(fromInput);
    take<First<DeletionsRepository['listForOrganization']>>(scopeOf(fromInput));
    expect(scoped).toHaveLength(17);
  });
});
