import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull, LessThan, Repository } from 'typeorm';
import { FeedsService } from '../calendar/feeds.service';
import { subscribeLinks } from '../calendar/subscribe-links';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode, invalidField, notFound } from '../common/domain-error';
import { randomToken } from '../common/tokens';
import { formatWhen } from '../common/when';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Transactions } from '../database/transactions';
import { EventResponse } from '../events/event.dto';
import { EventsService } from '../events/events.service';
import { Locale } from '../members/member.entity';
import { MemberProfile, MembersService } from '../members/members.service';
import { MailComposer } from '../mailing/mail-composer';
import { OutboxMessage } from '../mailing/outbox-message.entity';
import { OutboxService } from '../mailing/outbox.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { TemplatesService } from '../templates/templates.service';
import { CohortMember, CohortMemberStatus } from './cohort-member.entity';
import { CohortPhase, CohortResponse, CreateCohortDto, ProjectDto, SessionResponse } from './cohort.dto';
import { Cohort } from './cohort.entity';
import { endsOn, sessionPlan } from './session-plan';
import { SessionNote } from './session-note.entity';

const cohortFull = (cohort: Cohort) =>
  new DomainError(ErrorCode.COHORT_FULL, `Cohort "${cohort.title}" already has its ${cohort.capacity} members`);

@Injectable()
export class CohortsService implements OnModuleInit {
  constructor(
    @InjectRepository(Cohort) private readonly cohorts: Repository<Cohort>,
    @InjectRepository(CohortMember) private readonly places: Repository<CohortMember>,
    @InjectRepository(SessionNote) private readonly notes: Repository<SessionNote>,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly events: EventsService,
    private readonly members: MembersService,
    private readonly registrations: RegistrationsService,
    private readonly outbox: OutboxService,
    private readonly composer: MailComposer,
    private readonly feeds: FeedsService,
    private readonly templates: TemplatesService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.composer.register('cohort-welcome', (row, member) => this.mailContent(row, member, 'welcome'));
    this.composer.register('cohort-summary', (row, member) => this.mailContent(row, member, 'summary'));
  }

  /** Creates the cohort and its sessions (workclub-session events) in one unit of work. */
  async create(input: CreateCohortDto): Promise<CohortResponse> {
    const timezone = input.timezone ?? this.settings.timezone;
    const durationDays = input.durationDays ?? 45;
    const first = DateTime.fromISO(input.startsOn, { zone: timezone });
    if (!first.isValid) throw invalidField('startsOn', 'must be a real date');
    const now = this.clock.now();
    const cohort = this.cohorts.create({
      id: randomUUID(),
      title: input.title,
      theme: input.theme ?? null,
      sponsor: input.sponsor ?? null,
      startsOn: input.startsOn,
      endsOn: endsOn(input.startsOn, durationDays),
      durationDays,
      capacity: input.capacity ?? 4,
      sessionTime: input.sessionTime ?? '12:30',
      sessionMinutes: input.sessionMinutes ?? 90,
      checkInWeekday: input.checkInWeekday ?? first.weekday,
      timezone,
      feedToken: randomToken(),
      summaryQueuedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.transactions.run(async (manager) => {
      await manager.insert(Cohort, cohort);
      for (const session of sessionPlan(cohort.startsOn, durationDays, cohort.checkInWeekday)) {
        const [hour, minute] = cohort.sessionTime.split(':').map(Number);
        const startsAt = DateTime.fromISO(session.date, { zone: timezone }).set({ hour, minute });
        const title = `${this.templates.text('fr', `cohort.session.${session.kind}`, { number: session.number })} · ${cohort.title}`;
        await this.events.insert(
          manager,
          {
            kind: 'workclub-session',
            title,
            description: cohort.theme,
            theme: cohort.theme,
            startsAt,
            endsAt: startsAt.plus({ minutes: cohort.sessionMinutes }),
            timezone,
            location: null,
            roomId: null,
            capacity: null,
            minAttendees: null,
            quorumDeadline: null,
            hostIds: [],
            visibility: 'members',
            streamUrl: null,
          },
          { cohortId: cohort.id },
        );
      }
    });
    return this.get(cohort.id);
  }

  async get(id: string): Promise<CohortResponse> {
    const cohort = await this.find(id);
    return (await this.toResponses([cohort]))[0];
  }

  async list(phase?: CohortPhase): Promise<CohortResponse[]> {
    const cohorts = await this.cohorts.find({ order: { startsOn: 'DESC', title: 'ASC' } });
    return (await this.toResponses(cohorts)).filter((cohort) => !phase || cohort.status === phase);
  }

  async ofMember(memberId: string): Promise<CohortResponse[]> {
    await this.members.profile(memberId);
    const places = await this.places.findBy({ memberId });
    const cohorts = places.length ? await this.cohorts.findBy({ id: In(places.map((place) => place.cohortId)) }) : [];
    return this.toResponses(cohorts.sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1)));
  }

  /** A member applies with a project; organisers accept or decline. Applying again updates the project. */
  async apply(cohortId: string, input: ProjectDto): Promise<CohortResponse> {
    await this.checkMember(input.memberId);
    await this.transactions.run(async (manager) => {
      const cohort = await this.lockCohort(manager, cohortId);
      const place = await manager.findOneBy(CohortMember, { cohortId, memberId: input.memberId });
      if (place?.status === 'accepted')
        throw new DomainError(ErrorCode.ALREADY_MEMBER, `Member ${input.memberId} is already in "${cohort.title}"`);
      await this.writePlace(manager, cohortId, input, 'applied');
    });
    return this.get(cohortId);
  }

  /** Organisers add a member directly (accepted at once), or accept an application; never past capacity. */
  async admit(cohortId: string, memberId: string, project?: ProjectDto): Promise<CohortResponse> {
    await this.checkMember(memberId);
    await this.transactions.run(async (manager) => {
      const cohort = await this.lockCohort(manager, cohortId);
      const place = await manager.findOneBy(CohortMember, { cohortId, memberId });
      if (place?.status === 'accepted') return;
      if (!place && !project) throw notFound('Application of member', memberId);
      const accepted = await manager.countBy(CohortMember, { cohortId, status: 'accepted' });
      if (accepted >= cohort.capacity) throw cohortFull(cohort);
      await this.writePlace(
        manager,
        cohortId,
        project ?? {
          memberId,
          projectTitle: place!.projectTitle,
          projectGoal: place!.projectGoal,
          helpNeeded: place!.helpNeeded,
        },
        'accepted',
      );
      const sessions = await this.sessionsOf(cohort);
      for (const session of sessions.filter((event) => event.startsAt > this.clock.now())) {
        await this.registrations.enroll(manager, session.id, memberId);
      }
      await this.outbox.enqueue(manager, [{ kind: 'cohort-welcome', memberId, eventId: null, details: { cohortId } }]);
    });
    return this.get(cohortId);
  }

  async decline(cohortId: string, memberId: string): Promise<CohortResponse> {
    await this.transactions.run(async (manager) => {
      await this.lockCohort(manager, cohortId);
      const place = await manager.findOneBy(CohortMember, { cohortId, memberId });
      if (!place) throw notFound('Application of member', memberId);
      if (place.status === 'accepted')
        throw new DomainError(ErrorCode.ALREADY_MEMBER, 'An accepted member cannot be declined');
      await manager.update(CohortMember, { cohortId, memberId }, { status: 'declined', decidedAt: this.clock.now() });
    });
    return this.get(cohortId);
  }

  /** What the cohort's page shows, found by its feed token; 404 for an unknown token. */
  async page(feedToken: string, locale: Locale) {
    const cohort = await this.cohorts.findOneBy({ feedToken });
    if (!cohort) throw notFound('Cohort', 'of this link');
    const [{ response, sessions }] = await this.views([cohort]);
    const day = (date: string) => DateTime.fromISO(date).setLocale(locale).toFormat('d LLLL yyyy');
    return {
      cohort: response,
      from: day(cohort.startsOn),
      to: day(cohort.endsOn),
      ...this.schedule(response, sessions, locale),
      ...subscribeLinks(response.feedUrl),
    };
  }

  /** A member's progress note for one session of their cohort. */
  async writeNote(cohortId: string, eventId: string, memberId: string, note: string): Promise<CohortResponse> {
    const cohort = await this.find(cohortId);
    const place = await this.places.findOneBy({ cohortId, memberId, status: 'accepted' });
    if (!place) throw invalidField('memberId', `is not a member of "${cohort.title}"`);
    const event = await this.events.get(eventId);
    if (event.cohortId !== cohortId) throw notFound('Session', eventId);
    await this.transactions.run((manager) =>
      manager.upsert(SessionNote, { cohortId, eventId, memberId, note, updatedAt: this.clock.now() }, [
        'eventId',
        'memberId',
      ]),
    );
    return this.get(cohortId);
  }

  /** After a cohort's last day, a summary of every project to each of its members; once. */
  async queueSummaries(): Promise<void> {
    const today = DateTime.fromJSDate(this.clock.now(), { zone: this.settings.timezone }).toISODate()!;
    for (const cohort of await this.cohorts.findBy({ endsOn: LessThan(today), summaryQueuedAt: IsNull() })) {
      const members = await this.places.findBy({ cohortId: cohort.id, status: 'accepted' });
      await this.transactions.run(async (manager) => {
        const result = await manager.update(
          Cohort,
          { id: cohort.id, summaryQueuedAt: IsNull() },
          { summaryQueuedAt: this.clock.now() },
        );
        if (!result.affected) return;
        const orders = members.map((place) => ({
          kind: 'cohort-summary' as const,
          memberId: place.memberId,
          eventId: null,
          details: { cohortId: cohort.id },
        }));
        await this.outbox.enqueue(manager, orders);
      });
    }
  }

  private async find(id: string): Promise<Cohort> {
    const cohort = await this.cohorts.findOneBy({ id });
    if (!cohort) throw notFound('Cohort', id);
    return cohort;
  }

  private async lockCohort(manager: EntityManager, id: string): Promise<Cohort> {
    const cohort = await this.transactions.lock(manager, Cohort, id);
    if (!cohort) throw notFound('Cohort', id);
    return cohort;
  }

  private async checkMember(memberId: string): Promise<void> {
    if ((await this.members.unknownIds([memberId])).length)
      throw invalidField('memberId', `${memberId} names no member`);
  }

  private async writePlace(manager: EntityManager, cohortId: string, project: ProjectDto, status: CohortMemberStatus) {
    const now = this.clock.now();
    await manager.upsert(
      CohortMember,
      {
        cohortId,
        memberId: project.memberId,
        status,
        projectTitle: project.projectTitle,
        projectGoal: project.projectGoal ?? null,
        helpNeeded: project.helpNeeded ?? null,
        appliedAt: now,
        decidedAt: status === 'applied' ? null : now,
      },
      ['cohortId', 'memberId'],
    );
  }

  private phase(cohort: Cohort): CohortPhase {
    const today = DateTime.fromJSDate(this.clock.now(), { zone: cohort.timezone }).toISODate()!;
    return today < cohort.startsOn ? 'upcoming' : today > cohort.endsOn ? 'past' : 'running';
  }

  private async sessionsOf(cohort: Cohort): Promise<EventResponse[]> {
    return this.events.inWindow(new Date(0), new Date(8.64e15), { cohortId: cohort.id });
  }

  private async toResponses(cohorts: Cohort[]): Promise<CohortResponse[]> {
    return (await this.views(cohorts)).map((view) => view.response);
  }

  /** Each cohort as the API answers it, with its sessions as events (read once, for mails and the page too). */
  private async views(cohorts: Cohort[]): Promise<{ response: CohortResponse; sessions: EventResponse[] }[]> {
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
            name: profiles.find((profile) => profile.id === place.memberId)?.name ?? '',
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

  /** The sessions with their dates, and the accepted projects with their notes, as the reader reads them. */
  private schedule(cohort: CohortResponse, sessions: EventResponse[], locale: Locale) {
    const titles = new Map(sessions.map((session) => [session.id, session.title]));
    return {
      sessions: sessions.map((session) => ({
        title: session.title,
        when: formatWhen(session.startsAt, session.endsAt, session.timezone!, locale),
      })),
      projects: cohort.members
        .filter((place) => place.status === 'accepted')
        .map((place) => ({
          ...place,
          notes: place.notes.map((note) => ({ session: titles.get(note.eventId), note: note.note })),
        })),
    };
  }

  /** The welcome (the whole schedule, as text and as one .ics) or the closing summary (every project and its notes). */
  private async mailContent(row: OutboxMessage, member: MemberProfile, which: 'welcome' | 'summary') {
    const cohort = await this.cohorts.findOneBy({ id: row.details.cohortId });
    if (!cohort) return { skip: 'the cohort no longer exists' };
    const [{ response, sessions }] = await this.views([cohort]);
    const locale: Locale = member.locale;
    const { sessions: schedule, projects } = this.schedule(response, sessions, locale);
    return {
      subject: this.templates.text(locale, `mail.cohort-${which}.subject`, { title: cohort.title }),
      template: 'cohort',
      context: {
        intro: this.templates.text(locale, `mail.cohort-${which}.intro`, {
          name: member.name,
          title: cohort.title,
          days: cohort.durationDays,
        }),
        sessions: which === 'welcome' ? schedule : null,
        projects,
        feedUrl: response.feedUrl,
        pageUrl: response.pageUrl,
      },
      attachments:
        which === 'welcome'
          ? [
              {
                filename: 'workclub.ics',
                contentType: 'text/calendar; charset=utf-8',
                content: this.feeds.eventsFile(this.feeds.cohortTitle(cohort, member.locale), sessions),
              },
            ]
          : undefined,
    };
  }
}
