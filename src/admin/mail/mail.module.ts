import { Module } from '@nestjs/common';
import { CohortsModule } from '../../cohorts/cohorts.module';
import { EventsModule } from '../../events/events.module';
import { MailingModule } from '../../mailing/mailing.module';
import { MembersModule } from '../../members/members.module';
import { OutboxModule } from '../../outbox/outbox.module';
import { RegistrationsModule } from '../../registrations/registrations.module';
import { RepliesModule } from '../../replies/replies.module';
import { AdminPages } from '../admin-pages';
import { AdminMailController } from './mail.controller';
import { MailPreviews } from './mail-previews';

/** Mail in the organisers' app: outbox, previews, calendar replies; AdminModule imports it, so it provides AdminPages. */
@Module({
  imports: [
    OutboxModule,
    MailingModule,
    RepliesModule,
    MembersModule,
    EventsModule,
    CohortsModule,
    RegistrationsModule,
  ],
  controllers: [AdminMailController],
  providers: [MailPreviews, AdminPages],
})
export class AdminMailModule {}
