import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CohortsModule } from '../cohorts/cohorts.module';
import { DigestModule } from '../digest/digest.module';
import { EncountersModule } from '../encounters/encounters.module';
import { EventsModule } from '../events/events.module';
import { GuestsModule } from '../guests/guests.module';
import { MemberSpaceModule } from '../member-space/member-space.module';
import { MembersModule } from '../members/members.module';
import { OutboxModule } from '../outbox/outbox.module';
import { PagesModule } from '../pages/pages.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { ReplyAddressesModule } from '../replies/reply-addresses.module';
import { RoomsModule } from '../rooms/rooms.module';
import { SigninModule } from '../signin/signin.module';
import { SpaceModule } from '../space/space.module';
import { EventMails } from './event-mails';
import { Invitation } from './invitation.entity';
import { LocalMailboxController } from './local-mailbox.controller';
import { MailPreferencesPageController } from './mail-preferences-page.controller';
import { MailComposer } from './mail-composer';
import { MailTransport } from './mail-transport';
import { MailingController } from './mailing.controller';
import { MailingService } from './mailing.service';
import { OutboxWorker } from './outbox.worker';
import { RemindersScheduler } from './reminders.scheduler';
import { UnsubscribeLinks } from './unsubscribe-links';
import { WaitlistMail } from './waitlist-mail';
import { UnsubscribePageController } from './unsubscribe-page.controller';

/**
 * Writing to members: invitations, reminders and the mails that follow event changes are queued in the outbox;
 * the worker composes each one at send time (above the modules whose mails it renders) and sends it.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Invitation]),
    EventsModule,
    MembersModule,
    RegistrationsModule,
    RoomsModule,
    PagesModule,
    SpaceModule,
    ReplyAddressesModule,
    OutboxModule,
    CohortsModule,
    SigninModule,
    GuestsModule,
    EncountersModule,
    DigestModule,
    MemberSpaceModule,
  ],
  controllers: [MailingController, UnsubscribePageController, MailPreferencesPageController, LocalMailboxController],
  providers: [
    MailingService,
    EventMails,
    OutboxWorker,
    MailComposer,
    WaitlistMail,
    MailTransport,
    UnsubscribeLinks,
    RemindersScheduler,
  ],
  exports: [EventMails, MailingService, MailComposer],
})
export class MailingModule {}
