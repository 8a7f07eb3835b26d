import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'apps/api/src/generated/**',
      'apps/web/src/gql/**',
      'tmp/**',
      '.nx/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // The architecture, enforced (docs/architecture.md, "Boundaries").
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'scope:snapshot', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'scope:rules',
              onlyDependOnLibsWithTags: ['scope:snapshot'],
              bannedExternalImports: [
                '@nestjs/*',
                '@prisma/*',
                'bullmq',
                'ioredis',
                '@kubernetes/client-node',
                'pg',
                'fs',
                'node:fs',
                'http',
                'node:http',
                'https',
                'node:https',
                'net',
                'node:net',
              ],
            },
            {
              sourceTag: 'scope:agent',
              onlyDependOnLibsWithTags: ['scope:snapshot'],
              bannedExternalImports: ['@nestjs/*', '@prisma/*', 'bullmq', 'ioredis', 'pg'],
            },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:snapshot', 'scope:rules', 'scope:agent'] },
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:snapshot', 'scope:rules', 'scope:agent'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'scope:demo', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // Nest resolves constructor dependencies from decorator metadata, which needs value imports:
    // "import type" there would compile and then fail at run time.
    files: ['apps/api/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Only repositories touch the database (docs/architecture.md, "Boundaries"): services decide,
    // repositories query. The Prisma client's types may be named anywhere; its values may not.
    files: ['apps/api/src/**/*.ts'],
    // Keyset pagination builds SQL fragments for repositories; it runs none.
    ignores: [
      'apps/api/src/**/*.repository.ts',
      'apps/api/src/infra/prisma/**',
      'apps/api/src/infra/graphql/pagination.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'infra/prisma/prisma\\.service$|/prisma/prisma\\.service$|^\\./prisma\\.service$',
              allowTypeImports: true,
              message: 'Only repositories (*.repository.ts) query the database: move the query to one.',
            },
            {
              regex: 'generated/prisma/client$',
              allowTypeImports: true,
              message:
                'Only repositories (*.repository.ts) use the Prisma client; import its types with "import type".',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may reach across projects: the end-to-end test drives the agent, the API and the harness.
    files: ['**/*.test.ts', '**/test/**/*.ts', 'scripts/**/*.ts', 'prisma/**/*.ts', '*.ts', '*.mjs', 'test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  prettier,
);
