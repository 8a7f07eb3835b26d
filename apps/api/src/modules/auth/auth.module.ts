import { Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRateLimiter } from './api-key-rate-limiter';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysResolver } from './api-keys.resolver';
import { ApiKeysService } from './api-keys.service';
import { OperatorGuard } from './operator.guard';

@Module({
  providers: [ApiKeysRepository, ApiKeysService, ApiKeysResolver, ApiKeyGuard, ApiKeyRateLimiter, OperatorGuard],
  exports: [ApiKeysService, ApiKeyGuard, ApiKeyRateLimiter, OperatorGuard],
})
export class AuthModule {}
