import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { AppConfig } from './config/config';
import { CoreModule } from './infra/core.module';
import { formatError } from './infra/graphql/format-error';
import { queryLimitRules } from './infra/graphql/limits';
import { AccessModule } from './modules/access/access.module';
import { AuditModule } from './modules/audit/audit.module';
import { RetentionModule } from './modules/retention/retention.module';
import { CatalogueModule } from './modules/catalogue/catalogue.module';
import { ComplianceModule } from './modules/compliance/compliance.module';
import { ExceptionsModule } from './modules/exceptions/exceptions.module';
import { FindingsModule } from './modules/findings/findings.module';
import { ClustersModule } from './modules/clusters/clusters.module';
import { DeletionsModule } from './modules/deletions/deletions.module';
import { HealthModule } from './modules/health/health.module';
import { HistoryModule } from './modules/history/history.module';
import { IdentityModule } from './modules/identity/identity.module';
import { IngestModule } from './modules/ingest/ingest.module';
import { OrganizationsModule } from './modules/organizations/organizations.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { ConsoleModule } from './modules/console/console.module';

/** The HTTP process: GraphQL for organisations, REST ingest for agents. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
          // Off in production unless asked for: the schema is published as apps/api/schema.graphql.
          introspection: config.graphql.introspection,
          // No landing page: Nest's GraphiQL loads its scripts from a CDN (unpkg), which an
          // air-gapped install cannot reach and no install should trust. Use any GraphQL client.
          playground: false,
          formatError,
          validationRules: queryLimitRules(config.graphql),
          context: ({ req }: { req: unknown }) => ({ req }),
        }),
        HealthModule,
        AuditModule,
        RetentionModule,
        OrganizationsModule,
        IdentityModule,
        ClustersModule,
        DeletionsModule,
        IngestModule,
        FindingsModule,
        ExceptionsModule,
        CatalogueModule,
        ComplianceModule,
        HistoryModule,
        AccessModule,
        WebhooksModule,
        // Last: its catch-all for deep links comes after every API route.
        ConsoleModule.forRoot(config),
      ],
    };
  }
}
