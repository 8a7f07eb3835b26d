import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RulesResolver } from './rules.resolver';

@Module({ imports: [AuthModule], providers: [RulesResolver] })
export class CatalogueModule {}
