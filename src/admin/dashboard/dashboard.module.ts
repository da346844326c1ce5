import { Module } from '@nestjs/common';
import { CohortsModule } from '../../cohorts/cohorts.module';
import { EventsModule } from '../../events/events.module';
import { MembersModule } from '../../members/members.module';
import { OutboxModule } from '../../outbox/outbox.module';
import { AdminPagesModule } from '../admin-pages.module';
import { Dashboard } from './dashboard';
import { DashboardController } from './dashboard.controller';

/** The organisers' dashboard. */
@Module({
  imports: [AdminPagesModule, EventsModule, OutboxModule, MembersModule, CohortsModule],
  controllers: [DashboardController],
  providers: [Dashboard],
})
export class AdminDashboardModule {}
