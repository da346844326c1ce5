import { Module } from '@nestjs/common';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { AuditModule } from '../audit/audit.module';
import { AdminController } from './admin.controller';
import { AdminEventsModule } from './events/admin-events.module';
import { AdminPages } from './admin-pages';
import { AdminEncountersModule } from './encounters/admin-encounters.module';
import { AdminEventPageModule } from './event-page/admin-event-page.module';

@Module({
  imports: [ApiTokensModule, AuditModule, AdminEventsModule, AdminEventPageModule, AdminEncountersModule],
  controllers: [AdminController],
  providers: [AdminPages],
  exports: [AdminPages],
})
export class AdminModule {}
