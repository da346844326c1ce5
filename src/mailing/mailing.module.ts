import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { PagesModule } from '../pages/pages.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { ReplyAddressesModule } from '../replies/reply-addresses.module';
import { RoomsModule } from '../rooms/rooms.module';
import { SpaceModule } from '../space/space.module';
import { Invitation } from './invitation.entity';
import { LocalMailboxController } from './local-mailbox.controller';
import { MailComposer } from './mail-composer';
import { MailTransport } from './mail-transport';
import { MailingController } from './mailing.controller';
import { MailingService } from './mailing.service';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';
import { RemindersScheduler } from './reminders.scheduler';
import { UnsubscribeLinks } from './unsubscribe-links';
import { UnsubscribePageController } from './unsubscribe-page.controller';

@Module({
  imports: [
    TypeOrmModule.forFeature([OutboxMessage, Invitation]),
    EventsModule,
    MembersModule,
    RegistrationsModule,
    RoomsModule,
    PagesModule,
    SpaceModule,
    ReplyAddressesModule,
  ],
  controllers: [MailingController, UnsubscribePageController, LocalMailboxController],
  providers: [
    MailingService,
    OutboxService,
    OutboxWorker,
    MailComposer,
    MailTransport,
    UnsubscribeLinks,
    RemindersScheduler,
  ],
  exports: [MailingService, OutboxService, MailComposer],
})
export class MailingModule {}
