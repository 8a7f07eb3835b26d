import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRateLimiter } from './api-key-rate-limiter';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysResolver } from './api-keys.resolver';
import { ApiKeysService } from './api-keys.service';
import { GraphqlGate, RefusalRateLimiter } from './graphql-gate';
import { OperatorGuard } from './operator.guard';
import { SessionsModule } from '../identity/sessions.module';

@Module({
  imports: [SessionsModule],
  providers: [
    ApiKeysRepository,
    ApiKeysService,
    ApiKeysResolver,
    ApiKeyGuard,
    ApiKeyRateLimiter,
    OperatorGuard,
    GraphqlGate,
    RefusalRateLimiter,
  ],
  exports: [ApiKeysService, ApiKeyGuard, ApiKeyRateLimiter, OperatorGuard, GraphqlGate],
})
export class AuthModule implements NestModule {
  constructor(private readonly gate: GraphqlGate) {}

  /** After the (global) request logger, so refused requests are logged too; before GraphQL. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(...this.gate.handlers()).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
    consumer.apply(this.gate.authenticator()).forRoutes({ path: 'exports/*path', method: RequestMethod.GET });
  }
}
