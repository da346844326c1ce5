import { Module } from '@nestjs/common';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { AuditModule } from '../audit/audit.module';
import { AdminPages } from './admin-pages';
import { AuditTrailController } from './audit-trail.controller';
import { AdminCohortsModule } from './cohorts/cohorts.module';
import { AdminDashboardModule } from './dashboard/dashboard.module';
import { AdminMailModule } from './mail/mail.module';
import { TokensController } from './tokens.controller';

@Module({
  imports: [ApiTokensModule, AuditModule, AdminDashboardModule, AdminCohortsModule, AdminMailModule],
  controllers: [TokensController, AuditTrailController],
  providers: [AdminPages],
  exports: [AdminPages],
})
export class AdminModule {}
