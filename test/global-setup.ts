import type { TestProject } from 'vitest/node';
import { createTemplateDatabase, startServices } from '@kubeward/harness';
import { migrate } from '../apps/api/src/infra/prisma/migrator';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    templateDatabase: string;
    redisUrl: string;
  }
}

/** Starts Postgres and Redis once for the whole run and migrates a template database. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services = await startServices();
  const postgresUrl = services.postgres!.url;
  const templateDatabase = await createTemplateDatabase(postgresUrl, migrate);
  project.provide('postgresUrl', postgresUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('redisUrl', services.redis!.url);
  return () => services.stop();
}
