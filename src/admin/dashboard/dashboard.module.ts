import { Module } from '@nestjs/common';
import { CohortsModule } from '../../cohorts/cohorts.module';
import { EventsModule } from '../../events/events.module';
import { MembersModule } from '../../members/members.module';
import { OutboxModule } from '../../outbox/outbox.module';
import { AdminPages } from '../admin-pages';
import { Dashboard } from './dashboard';
import { DashboardController } from './dashboard.controller';

/** The organisers' dashboard; AdminModule imports it, so it provides AdminPages itself rather than import it back. */
@Module({
  imports: [EventsModule, OutboxModule, MembersModule, CohortsModule],
  controllers: [DashboardController],
  providers: [Dashboard, AdminPages],
})
export class AdminDashboardModule {}
