import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module';
import { EventsModule } from '../events/events.module';
import { MailingModule } from '../mailing/mailing.module';
import { MembersModule } from '../members/members.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { CohortMember } from './cohort-member.entity';
import { CohortSummariesScheduler } from './cohort-summaries.scheduler';
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
    MailingModule,
    CalendarModule,
  ],
  controllers: [CohortsController, CohortPageController],
  providers: [CohortsService, CohortSummariesScheduler],
})
export class CohortsModule {}
