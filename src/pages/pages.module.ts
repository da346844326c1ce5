import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { RoomsModule } from '../rooms/rooms.module';
import { ErrorPages } from './error-pages';
import { EventViews } from './event-views';
import { RsvpPageController } from './rsvp-page.controller';

@Module({
  imports: [EventsModule, MembersModule, RoomsModule, RegistrationsModule],
  controllers: [RsvpPageController],
  providers: [EventViews, ErrorPages],
  exports: [EventViews, ErrorPages],
})
export class PagesModule {}
