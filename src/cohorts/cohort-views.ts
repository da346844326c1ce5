import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { In, Repository } from 'typeorm';
import { subscribeLinks } from '../calendar/subscribe-links';
import { Clock } from '../common/clock';
import { Locale } from '../common/locale';
import { notFound } from '../common/domain-error';
import { formatWhen } from '../common/when';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { EventResponse } from '../events/event.dto';
import { EventsService } from '../events/events.service';
import { ERASED_MEMBER_NAME, MembersService } from '../members/members.service';
import { CohortMember } from './cohort-member.entity';
import { CohortPhase, CohortResponse, SessionResponse } from './cohort.dto';
import { Cohort } from './cohort.entity';
import { sessionPlan } from './session-plan';
import { SessionNote } from './session-note.entity';

/** A cohort with its sessions as events, read once for the API's answer, the page and the mails. */
export interface CohortView {
  response: CohortResponse;
  sessions: EventResponse[];
}

/** What the API, the cohort's page and its mails show of a cohort: members, projects, notes and sessions. */
@Injectable()
export class CohortViews {
  constructor(
    @InjectRepository(Cohort) private readonly cohorts: Repository<Cohort>,
    @InjectRepository(CohortMember) private readonly places: Repository<CohortMember>,
    @InjectRepository(SessionNote) private readonly notes: Repository<SessionNote>,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly events: EventsService,
    private readonly members: MembersService,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<CohortResponse> {
    const cohort = await this.cohorts.findOneBy({ id });
    if (!cohort) throw notFound('Cohort', id);
    return (await this.responses([cohort]))[0];
  }

  async responses(cohorts: Cohort[]): Promise<CohortResponse[]> {
    return (await this.of(cohorts)).map((view) => view.response);
  }

  /** The sessions of a cohort, as events. */
  sessionsOf(cohort: Pick<Cohort, 'id'>): Promise<EventResponse[]> {
    return this.events.inWindow(new Date(0), new Date(8.64e15), { cohortId: cohort.id });
  }

  /** What the cohort's page shows, found by its feed token; 404 for an unknown token. */
  async page(feedToken: string, locale: Locale) {
    const cohort = await this.cohorts.findOneBy({ feedToken });
    if (!cohort) throw notFound('Cohort', 'of this link');
    const [{ response, sessions }] = await this.of([cohort]);
    const day = (date: string) => DateTime.fromISO(date).setLocale(locale).toFormat('d LLLL yyyy');
    return {
      cohort: response,
      from: day(cohort.startsOn),
      to: day(cohort.endsOn),
      ...this.schedule({ response, sessions }, locale),
      ...subscribeLinks(response.feedUrl),
    };
  }

  /** The sessions with their dates, and the accepted projects with their notes, as the reader reads them. */
  schedule({ response, sessions }: CohortView, locale: Locale) {
    const titles = new Map(sessions.map((session) => [session.id, session.title]));
    return {
      sessions: sessions.map((session) => ({
        title: session.title,
        when: formatWhen(session.startsAt, session.endsAt, session.timezone!, locale),
      })),
      projects: response.members
        .filter((place) => place.status === 'accepted')
        .map((place) => ({
          ...place,
          notes: place.notes.map((note) => ({ session: titles.get(note.eventId), note: note.note })),
        })),
    };
  }

  /** Each cohort as the API answers it, with its sessions as events. */
  async of(cohorts: Cohort[]): Promise<CohortView[]> {
    const ids = cohorts.map((cohort) => cohort.id);
    const places = ids.length
      ? await this.places.find({ where: { cohortId: In(ids) }, order: { appliedAt: 'ASC' } })
      : [];
    const notes = ids.length ? await this.notes.find({ where: { cohortId: In(ids) } }) : [];
    const profiles = await this.members.profiles([...new Set(places.map((place) => place.memberId))]);
    return Promise.all(
      cohorts.map(async (cohort) => {
        const sessions = await this.sessionsOf(cohort);
        const order = new Map(sessions.map((session, index) => [session.id, index]));
        const mine = places.filter((place) => place.cohortId === cohort.id);
        const plan = sessionPlan(cohort.startsOn, cohort.durationDays, cohort.checkInWeekday);
        const {
          feedToken,
          summaryQueuedAt: _summary,
          createdAt: _created,
          updatedAt: _updated,
          sessionTime: _time,
          sessionMinutes: _minutes,
          checkInWeekday: _weekday,
          ...rest
        } = cohort;
        const response: CohortResponse = {
          ...rest,
          seatsLeft: cohort.capacity - mine.filter((place) => place.status === 'accepted').length,
          status: this.phase(cohort),
          feedUrl: `${this.settings.publicUrl}/calendar/cohorts/${feedToken}.ics`,
          pageUrl: `${this.settings.publicUrl}/cohorts/${feedToken}`,
          sessions: sessions.map((session, index): SessionResponse => ({
            eventId: session.id,
            kind: plan[index]?.kind ?? 'check-in',
            title: session.title,
            startsAt: session.startsAt,
            endsAt: session.endsAt,
            localStartsAt: session.localStartsAt,
          })),
          members: mine.map((place) => ({
            memberId: place.memberId,
            name: profiles.find((profile) => profile.id === place.memberId)?.name ?? ERASED_MEMBER_NAME,
            status: place.status,
            projectTitle: place.projectTitle,
            projectGoal: place.projectGoal,
            helpNeeded: place.helpNeeded,
            notes: notes
              .filter((note) => note.cohortId === cohort.id && note.memberId === place.memberId)
              .sort((a, b) => (order.get(a.eventId) ?? 0) - (order.get(b.eventId) ?? 0))
              .map(({ eventId, note, updatedAt }) => ({ eventId, note, updatedAt })),
          })),
        };
        return { response, sessions };
      }),
    );
  }

  private phase(cohort: Cohort): CohortPhase {
    const today = DateTime.fromJSDate(this.clock.now(), { zone: cohort.timezone }).toISODate()!;
    return today < cohort.startsOn ? 'upcoming' : today > cohort.endsOn ? 'past' : 'running';
  }
}
