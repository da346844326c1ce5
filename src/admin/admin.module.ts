import { Module } from '@nestjs/common';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { AuditModule } from '../audit/audit.module';
import { AdminController } from './admin.controller';

@Module({
  imports: [ApiTokensModule, AuditModule],
  controllers: [AdminController],
})
export class AdminModule {}
