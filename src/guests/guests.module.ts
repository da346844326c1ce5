import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { OutboxModule } from '../outbox/outbox.module';
import { PagesModule } from '../pages/pages.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { GuestMails } from './guest-mails';
import { GuestsCleanupScheduler } from './guests-cleanup.scheduler';
import { GuestRequest } from './guest-request.entity';
import { GuestsController } from './guests.controller';
import { GuestsService } from './guests.service';

/**
 * Guests' double opt-in for public events. It sits above members, registrations (the Answers use case), the
 * outbox and the public pages; the mail composer (mailing) imports it for the confirmation mail's content.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([GuestRequest]),
    EventsModule,
    MembersModule,
    RegistrationsModule,
    OutboxModule,
    PagesModule,
  ],
  controllers: [GuestsController],
  providers: [GuestsService, GuestMails, GuestsCleanupScheduler],
  exports: [GuestMails],
})
export class GuestsModule {}
