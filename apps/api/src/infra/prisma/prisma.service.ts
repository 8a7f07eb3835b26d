import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { PrismaClient } from '../../generated/prisma/client';

@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      adapter: new PrismaPg({
        connectionString: config.database.url,
        max: 20,
        application_name: config.database.applicationName ?? 'kubeward',
      }),
    });
  }

  /**
   * Last, not at module destroy: queue workers, scheduled tasks and the outbox stop in the
   * shutdown phase and may still write until then (global modules such as this one shut down
   * after the feature modules). A query after $disconnect silently opens a new pool that nothing
   * would ever close.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}

/** The client a transaction callback receives. */
export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
