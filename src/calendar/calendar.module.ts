import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { CalendarController } from './calendar.controller';
import { FeedCache } from './feed-cache';
import { FeedRenderer } from './feed-renderer';
import { FeedsService } from './feeds.service';

@Module({
  imports: [EventsModule, MembersModule, RegistrationsModule],
  controllers: [CalendarController],
  providers: [FeedsService, FeedCache, FeedRenderer],
  exports: [FeedsService],
})
export class CalendarModule {}
