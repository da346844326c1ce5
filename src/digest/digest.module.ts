import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { OutboxModule } from '../outbox/outbox.module';
import { PagesModule } from '../pages/pages.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { DigestMail } from './digest-mail';
import { DigestScheduler } from './digest.scheduler';
import { DigestService } from './digest.service';
import { WeeklyDigest } from './weekly-digest.entity';

/**
 * The weekly digest: it reads members (who keeps it on), events and registrations (what the week holds for each),
 * and queues its mails in the outbox. It sits below mailing, whose composer renders every kind of mail (DigestMail
 * writes this one), as the cohorts' mails do.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WeeklyDigest]),
    MembersModule,
    EventsModule,
    RegistrationsModule,
    OutboxModule,
    PagesModule,
  ],
  providers: [DigestService, DigestMail, DigestScheduler],
  exports: [DigestMail],
})
export class DigestModule {}
