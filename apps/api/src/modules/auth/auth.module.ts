import { Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { OperatorGuard } from './operator.guard';

@Module({
  providers: [ApiKeysRepository, ApiKeysService, ApiKeyGuard, OperatorGuard],
  exports: [ApiKeysService, ApiKeyGuard, OperatorGuard],
})
export class AuthModule {}
