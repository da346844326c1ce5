import { Module } from '@nestjs/common';
import { EventsModule } from '../../events/events.module';
import { RoomsModule } from '../../rooms/rooms.module';
import { AdminPages } from '../admin-pages';
import { RoomsPagesController } from './rooms-pages.controller';

/** The rooms part of the organisers' app; AdminModule imports it, so it provides AdminPages itself. */
@Module({
  imports: [RoomsModule, EventsModule],
  controllers: [RoomsPagesController],
  providers: [AdminPages],
})
export class AdminRoomsModule {}
