import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { notFound } from '../common/domain-error';
import { Locale } from '../common/locale';
import { CohortResponse, ProjectResponse } from '../cohorts/cohort.dto';
import { CohortsService } from '../cohorts/cohorts.service';

/** A cohort the member applied to or belongs to, with their own place in it. */
export interface MyPlace {
  cohort: CohortResponse;
  place: ProjectResponse;
}

/** The workclub cohorts of one member, and those still open to them (upcoming, with a seat left). */
@Injectable()
export class MyCohorts {
  constructor(private readonly cohorts: CohortsService) {}

  async places(memberId: string): Promise<MyPlace[]> {
    const cohorts = await this.cohorts.ofMember(memberId);
    return cohorts.map((cohort) => ({ cohort, place: cohort.members.find((place) => place.memberId === memberId)! }));
  }

  /** Upcoming cohorts with a seat left where the member is not accepted (applying again updates their project). */
  async open(memberId: string): Promise<CohortResponse[]> {
    const upcoming = await this.cohorts.list('upcoming');
    return upcoming
      .filter((cohort) => cohort.seatsLeft > 0)
      .filter((cohort) => !cohort.members.some((place) => place.memberId === memberId && place.status !== 'applied'))
      .sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1));
  }

  /** An open cohort the member may apply to, with their application if they sent one; 404 otherwise. */
  async openOne(
    cohortId: string,
    memberId: string,
  ): Promise<{ cohort: CohortResponse; place: ProjectResponse | null }> {
    const cohort = (await this.open(memberId)).find((open) => open.id === cohortId);
    if (!cohort) throw notFound('Open cohort', cohortId);
    return { cohort, place: cohort.members.find((place) => place.memberId === memberId) ?? null };
  }

  /** "from 5 January 2027 to 18 February 2027", in the reader's language. */
  dates(cohort: CohortResponse, locale: Locale): { from: string; to: string } {
    const day = (date: string) => DateTime.fromISO(date).setLocale(locale).toFormat('d LLLL yyyy');
    return { from: day(cohort.startsOn), to: day(cohort.endsOn) };
  }
}
