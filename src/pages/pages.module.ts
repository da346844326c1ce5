import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { RoomsModule } from '../rooms/rooms.module';
import { AssetsController } from './assets.controller';
import { ErrorPages } from './error-pages';
import { EventViews } from './event-views';
import { EventPageController } from './event-page.controller';
import { HomePageController } from './home-page.controller';
import { PageCache } from './page-cache';
import { PublicPages } from './public-pages';
import { RsvpPageController } from './rsvp-page.controller';

@Module({
  imports: [EventsModule, MembersModule, RoomsModule, RegistrationsModule, CalendarModule],
  controllers: [HomePageController, RsvpPageController, EventPageController, AssetsController],
  providers: [EventViews, ErrorPages, PageCache, PublicPages],
  exports: [EventViews, ErrorPages, PublicPages],
})
export class PagesModule {}
