import { Module } from '@nestjs/common';
import { EventsModule } from '../../events/events.module';
import { RoomsModule } from '../../rooms/rooms.module';
import { AdminPagesModule } from '../admin-pages.module';
import { RoomsPagesController } from './rooms-pages.controller';

/** The rooms part of the organisers' app. */
@Module({
  imports: [AdminPagesModule, RoomsModule, EventsModule],
  controllers: [RoomsPagesController],
})
export class AdminRoomsModule {}
