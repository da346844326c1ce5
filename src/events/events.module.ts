import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '../members/members.module';
import { RoomsModule } from '../rooms/rooms.module';
import { Event } from './event.entity';
import { EventHost } from './event-host.entity';
import { EventReminders } from './event-reminders';
import { EventWrites } from './event-writes';
import { EventsService } from './events.service';
import { Quorums } from './quorums';
import { RoomBookings } from './room-bookings';
import { Series } from './series.entity';

/** The event records: reads, writes that say what they changed, rooms booked, quorums, reminder bookkeeping. */
@Module({
  imports: [TypeOrmModule.forFeature([Event, EventHost, Series]), MembersModule, RoomsModule],
  providers: [EventsService, EventWrites, RoomBookings, Quorums, EventReminders],
  exports: [EventsService, EventWrites, Quorums, EventReminders, TypeOrmModule],
})
export class EventsModule {}
