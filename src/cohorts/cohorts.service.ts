import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { invalidField, notFound } from '../common/domain-error';
import { randomToken } from '../common/tokens';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Transactions } from '../database/transactions';
import { EventWrites } from '../events/event-writes';
import { EventsService } from '../events/events.service';
import { MembersService } from '../members/members.service';
import { TemplatesService } from '../templates/templates.service';
import { CohortMember } from './cohort-member.entity';
import { CohortPhase, CohortResponse, CreateCohortDto } from './cohort.dto';
import { Cohort } from './cohort.entity';
import { CohortViews } from './cohort-views';
import { endsOn, sessionPlan } from './session-plan';
import { SessionNote } from './session-note.entity';

/** Workclub cohorts: created with their sessions (workclub-session events), listed, and the members' notes. */
@Injectable()
export class CohortsService {
  constructor(
    @InjectRepository(Cohort) private readonly cohorts: Repository<Cohort>,
    @InjectRepository(CohortMember) private readonly places: Repository<CohortMember>,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly views: CohortViews,
    private readonly events: EventsService,
    private readonly writes: EventWrites,
    private readonly members: MembersService,
    private readonly templates: TemplatesService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Creates the cohort and its sessions in one unit of work. Sessions have no hosts: nobody takes a seat yet. */
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
    await this.transactions.run(
      async (manager) => {
        await manager.insert(Cohort, cohort);
        for (const session of sessionPlan(cohort.startsOn, durationDays, cohort.checkInWeekday)) {
          const [hour, minute] = cohort.sessionTime.split(':').map(Number);
          const startsAt = DateTime.fromISO(session.date, { zone: timezone }).set({ hour, minute });
          const title = `${this.templates.text('fr', `cohort.session.${session.kind}`, { number: session.number })} · ${cohort.title}`;
          await this.writes.insert(
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
      },
      { touches: ['events', `cohort:${cohort.id}`] },
    );
    return this.get(cohort.id);
  }

  get(id: string): Promise<CohortResponse> {
    return this.views.get(id);
  }

  async list(phase?: CohortPhase): Promise<CohortResponse[]> {
    const cohorts = await this.cohorts.find({ order: { startsOn: 'DESC', title: 'ASC' } });
    return (await this.views.responses(cohorts)).filter((cohort) => !phase || cohort.status === phase);
  }

  async ofMember(memberId: string): Promise<CohortResponse[]> {
    await this.members.profile(memberId);
    const places = await this.places.findBy({ memberId });
    const cohorts = places.length ? await this.cohorts.findBy({ id: In(places.map((place) => place.cohortId)) }) : [];
    return this.views.responses(cohorts.sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1)));
  }

  /** A member's progress note for one session of their cohort (no feed shows notes). */
  async writeNote(cohortId: string, eventId: string, memberId: string, note: string): Promise<CohortResponse> {
    const cohort = await this.cohorts.findOneBy({ id: cohortId });
    if (!cohort) throw notFound('Cohort', cohortId);
    const place = await this.places.findOneBy({ cohortId, memberId, status: 'accepted' });
    if (!place) throw invalidField('memberId', `is not a member of "${cohort.title}"`);
    const event = await this.events.get(eventId);
    if (event.cohortId !== cohortId) throw notFound('Session', eventId);
    await this.transactions.run(
      (manager) =>
        manager.upsert(SessionNote, { cohortId, eventId, memberId, note, updatedAt: this.clock.now() }, [
          'eventId',
          'memberId',
        ]),
      { touches: [] },
    );
    return this.get(cohortId);
  }
}
