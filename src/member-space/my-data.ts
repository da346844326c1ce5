import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { MembersService } from '../members/members.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { MyCohorts } from './my-cohorts';

/**
 * Everything the space keeps about a member that is theirs to take away (GDPR, article 20): their profile, their
 * answers, their check-ins and their workclub applications with their notes.
 */
@Injectable()
export class MyData {
  constructor(
    private readonly members: MembersService,
    private readonly registrations: RegistrationsService,
    private readonly cohorts: MyCohorts,
    private readonly clock: Clock,
  ) {}

  async of(memberId: string) {
    const profile = await this.members.get(memberId);
    const answers = await this.registrations.attendance(memberId);
    const places = await this.cohorts.places(memberId);
    return {
      exportedAt: this.clock.now(),
      profile,
      answers: answers.map(({ eventId, title, startsAt, status }) => ({ eventId, title, startsAt, status })),
      checkIns: answers
        .filter((answer) => answer.checkedInAt)
        .map(({ eventId, title, startsAt, checkedInAt }) => ({ eventId, title, startsAt, checkedInAt })),
      cohortApplications: places.map(({ cohort, place }) => ({
        cohortId: cohort.id,
        title: cohort.title,
        startsOn: cohort.startsOn,
        endsOn: cohort.endsOn,
        status: place.status,
        projectTitle: place.projectTitle,
        projectGoal: place.projectGoal,
        helpNeeded: place.helpNeeded,
        notes: place.notes,
      })),
    };
  }
}
