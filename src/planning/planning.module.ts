import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { MailingModule } from '../mailing/mailing.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { EventChanges } from './event-changes';
import { EventsController } from './events.controller';
import { QuorumScheduler } from './quorum.scheduler';
import { SeriesController } from './series.controller';
import { SeriesService } from './series.service';

/**
 * Organisers plan events and series: the use cases that change events and carry out what follows (hosts seated,
 * the waitlist moved up, mails queued) in the same unit of work. It sits above events, registrations and mailing.
 */
@Module({
  imports: [EventsModule, RegistrationsModule, MailingModule],
  controllers: [EventsController, SeriesController],
  providers: [EventChanges, SeriesService, QuorumScheduler],
  exports: [EventChanges, SeriesService],
})
export class PlanningModule {}
