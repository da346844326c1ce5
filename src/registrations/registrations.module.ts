import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { OutboxModule } from '../outbox/outbox.module';
import { SpaceModule } from '../space/space.module';
import { Answers } from './answers';
import { Registration } from './registration.entity';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { RsvpLinks } from './rsvp-links';

@Module({
  imports: [
    TypeOrmModule.forFeature([Registration]),
    AuditModule,
    EventsModule,
    MembersModule,
    OutboxModule,
    SpaceModule,
  ],
  controllers: [RegistrationsController],
  providers: [RegistrationsService, Answers, RsvpLinks],
  exports: [RegistrationsService, Answers, RsvpLinks],
})
export class RegistrationsModule {}
