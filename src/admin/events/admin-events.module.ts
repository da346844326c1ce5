import { Module } from '@nestjs/common';
import { EventsModule } from '../../events/events.module';
import { MembersModule } from '../../members/members.module';
import { PlanningModule } from '../../planning/planning.module';
import { RoomsModule } from '../../rooms/rooms.module';
import { AdminPagesModule } from '../admin-pages.module';
import { AdminEventsController } from './admin-events.controller';
import { AdminSeriesController } from './admin-series.controller';
import { EventFormView } from './event-form-view';
import { FormErrors } from './form-errors';

/**
 * The organisers' events and series pages. They sit above planning (whose use cases they call, as the API does)
 * and the records they list.
 */
@Module({
  imports: [AdminPagesModule, PlanningModule, EventsModule, MembersModule, RoomsModule],
  controllers: [AdminEventsController, AdminSeriesController],
  providers: [EventFormView, FormErrors],
})
export class AdminEventsModule {}
