import { Module } from '@nestjs/common';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { AuditModule } from '../audit/audit.module';
import { AdminMembersModule } from './members/admin-members.module';
import { AdminRoomsModule } from './rooms/admin-rooms.module';
import { AdminPagesModule } from './admin-pages.module';
import { AuditTrailController } from './audit-trail.controller';
import { AdminCohortsModule } from './cohorts/cohorts.module';
import { AdminDashboardModule } from './dashboard/dashboard.module';
import { AdminEncountersModule } from './encounters/admin-encounters.module';
import { AdminEventPageModule } from './event-page/admin-event-page.module';
import { AdminEventsModule } from './events/admin-events.module';
import { AdminMailModule } from './mail/mail.module';
import { TokensController } from './tokens.controller';

@Module({
  imports: [
    AdminPagesModule,
    ApiTokensModule,
    AuditModule,
    AdminDashboardModule,
    AdminEventsModule,
    AdminEventPageModule,
    AdminMembersModule,
    AdminRoomsModule,
    AdminCohortsModule,
    AdminMailModule,
    AdminEncountersModule,
  ],
  controllers: [TokensController, AuditTrailController],
})
export class AdminModule {}
