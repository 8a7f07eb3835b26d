import path from 'node:path';
import { defineConfig } from 'prisma/config';

// The Prisma CLI wants a native schema engine that cannot be downloaded on every machine; `generate`
// does not use it, so a stub satisfies the CLI unless a real binary is configured (see STACK notes
// in docs/architecture.md). Migrations are applied by prisma/migrate.ts instead.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(__dirname, 'prisma', 'engine-stub.sh');
process.env.CHECKPOINT_DISABLE ??= '1';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/kubeward' },
});
