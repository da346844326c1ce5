import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { OutboxModule } from '../outbox/outbox.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { ImapLease } from './imap-lease';
import { ImapReader } from './imap-reader';
import { InboundSmtpListener } from './inbound-smtp.listener';
import { InboxLease } from './inbox-lease.entity';
import { InboxMessage } from './inbox-message.entity';
import { InboxController } from './inbox.controller';
import { InboxScheduler } from './inbox.scheduler';
import { InboxService } from './inbox.service';
import { ReplyAddressesModule } from './reply-addresses.module';

/** Calendar replies (iMIP): received by SMTP or read by IMAP, applied as answers, shown to organisers. */
@Module({
  imports: [
    TypeOrmModule.forFeature([InboxMessage, InboxLease]),
    ReplyAddressesModule,
    EventsModule,
    MembersModule,
    RegistrationsModule,
    OutboxModule,
  ],
  controllers: [InboxController],
  providers: [InboxService, InboundSmtpListener, ImapReader, ImapLease, InboxScheduler],
  exports: [InboxService],
})
export class RepliesModule {}
