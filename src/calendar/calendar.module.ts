import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { CalendarController } from './calendar.controller';
import { FeedCache } from './feed-cache';
import { FeedFrontDoor } from './feed-front-door';
import { FeedsService } from './feeds.service';

@Module({
  imports: [EventsModule, MembersModule, RegistrationsModule],
  controllers: [CalendarController],
  providers: [FeedsService, FeedCache, FeedFrontDoor],
  exports: [FeedsService, FeedFrontDoor],
})
export class CalendarModule {}
