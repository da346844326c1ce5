import { Module } from '@nestjs/common';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { AuditModule } from '../audit/audit.module';
import { AdminController } from './admin.controller';
import { AdminPages } from './admin-pages';
import { AdminEventPageModule } from './event-page/admin-event-page.module';

@Module({
  imports: [ApiTokensModule, AuditModule, AdminEventPageModule],
  controllers: [AdminController],
  providers: [AdminPages],
  exports: [AdminPages],
})
export class AdminModule {}
