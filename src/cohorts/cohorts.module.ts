import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { OutboxModule } from '../outbox/outbox.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { CohortAdmissions } from './cohort-admissions';
import { CohortFeeds } from './cohort-feeds';
import { CohortMails } from './cohort-mails';
import { CohortMember } from './cohort-member.entity';
import { CohortSummariesScheduler } from './cohort-summaries.scheduler';
import { CohortViews } from './cohort-views';
import { Cohort } from './cohort.entity';
import { CohortPageController } from './cohort-page.controller';
import { CohortsController } from './cohorts.controller';
import { CohortsService } from './cohorts.service';
import { SessionNote } from './session-note.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([Cohort, CohortMember, SessionNote]),
    EventsModule,
    MembersModule,
    RegistrationsModule,
    OutboxModule,
    CalendarModule,
  ],
  controllers: [CohortsController, CohortPageController],
  providers: [CohortsService, CohortAdmissions, CohortViews, CohortMails, CohortFeeds, CohortSummariesScheduler],
  exports: [CohortMails, CohortFeeds, CohortsService, CohortAdmissions],
})
export class CohortsModule {}
