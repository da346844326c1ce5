import { Module } from '@nestjs/common';
import { EncountersModule } from '../../encounters/encounters.module';
import { EventsModule } from '../../events/events.module';
import { MailingModule } from '../../mailing/mailing.module';
import { MembersModule } from '../../members/members.module';
import { PagesModule } from '../../pages/pages.module';
import { RegistrationsModule } from '../../registrations/registrations.module';
import { AdminPagesModule } from '../admin-pages.module';
import { AllMembers } from './all-members';
import { CheckinController } from './checkin.controller';
import { EventPageController } from './event-page.controller';
import { EventPage } from './event-page.view';
import { InvitationsController } from './invitations.controller';
import { TablePlanController } from './table-plan.controller';

/**
 * An event's pages in the organisers' app: the event with its attendees and invitations, check-in at the door and
 * the printable table plan. They call the use cases of the feature modules below them, never a rule of their own.
 */
@Module({
  imports: [
    AdminPagesModule,
    EventsModule,
    MembersModule,
    RegistrationsModule,
    MailingModule,
    EncountersModule,
    PagesModule,
  ],
  controllers: [EventPageController, InvitationsController, CheckinController, TablePlanController],
  providers: [AllMembers, EventPage],
})
export class AdminEventPageModule {}
