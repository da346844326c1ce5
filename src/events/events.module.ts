import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '../members/members.module';
import { RoomsModule } from '../rooms/rooms.module';
import { Event } from './event.entity';
import { EventHost } from './event-host.entity';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { SeriesController } from './series.controller';
import { SeriesService } from './series.service';
import { Series } from './series.entity';
import { QuorumScheduler } from './quorum.scheduler';

@Module({
  imports: [TypeOrmModule.forFeature([Event, EventHost, Series]), MembersModule, RoomsModule],
  controllers: [EventsController, SeriesController],
  providers: [EventsService, SeriesService, QuorumScheduler],
  exports: [EventsService],
})
export class EventsModule {}
