import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module';
import { EncountersModule } from '../encounters/encounters.module';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { PagesModule } from '../pages/pages.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { MeController } from './me.controller';
import { MemberPages } from './member-pages';
import { MyCohorts } from './my-cohorts';
import { MyData } from './my-data';
import { MyEvents } from './my-events';
import { PeopleController } from './people.controller';
import { ProfileController } from './profile.controller';
import { WorkclubController } from './workclub.controller';

/** The member's own space (/me): it sits above the feature modules and calls their use cases. */
@Module({
  imports: [MembersModule, EventsModule, RegistrationsModule, CohortsModule, PagesModule, EncountersModule],
  controllers: [MeController, ProfileController, WorkclubController, PeopleController],
  providers: [MemberPages, MyEvents, MyCohorts, MyData],
  exports: [MemberPages],
})
export class MemberSpaceModule {}
