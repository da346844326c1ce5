import { Module } from '@nestjs/common';
import { CohortsModule } from '../../cohorts/cohorts.module';
import { EventsModule } from '../../events/events.module';
import { MailingModule } from '../../mailing/mailing.module';
import { MembersModule } from '../../members/members.module';
import { OutboxModule } from '../../outbox/outbox.module';
import { RegistrationsModule } from '../../registrations/registrations.module';
import { RepliesModule } from '../../replies/replies.module';
import { AdminPagesModule } from '../admin-pages.module';
import { AdminMailController } from './mail.controller';
import { MailPreviews } from './mail-previews';

/** Mail in the organisers' app: outbox, previews, calendar replies. */
@Module({
  imports: [
    AdminPagesModule,
    OutboxModule,
    MailingModule,
    RepliesModule,
    MembersModule,
    EventsModule,
    CohortsModule,
    RegistrationsModule,
  ],
  controllers: [AdminMailController],
  providers: [MailPreviews],
})
export class AdminMailModule {}
