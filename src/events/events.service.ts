import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import {
  Between,
  Brackets,
  EntityManager,
  In,
  IsNull,
  LessThanOrEqual,
  MoreThanOrEqual,
  Not,
  Repository,
} from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode, invalidField, notFound } from '../common/domain-error';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Transactions } from '../database/transactions';
import { MembersService } from '../members/members.service';
import { RoomsService } from '../rooms/rooms.service';
import { CreateEventDto, EditScope, EventQuery, EventResponse, UpdateEventDto } from './event.dto';
import { Event, EventKind, Visibility } from './event.entity';
import { EventHost } from './event-host.entity';
import { asInput, EventFields, isSignificantChange, movedLike, resolveFields } from './event-fields';

/** What other modules learn of an event's changes, inside the unit of work that makes them. */
export interface EventListener {
  hostsChanged?(manager: EntityManager, eventId: string, hostIds: string[]): Promise<void>;
  seatsAdded?(manager: EntityManager, eventId: string): Promise<void>;
  /** The time or the place changed (SEQUENCE grew). */
  moved?(manager: EntityManager, before: Event, after: Event): Promise<void>;
  cancelled?(manager: EntityManager, event: Event, reason: string | null): Promise<void>;
  quorumReached?(manager: EntityManager, event: Event): Promise<void>;
}

export type AnswerCountsOf = Pick<
  Event,
  'goingCount' | 'waitlistedCount' | 'maybeCount' | 'declinedCount' | 'waitlistTickets'
>;

/** A feed never holds more events than this (Google drops feeds near 1 MB). */
export const MAX_FEED_EVENTS = 2000;

/** The reason written on an event whose quorum was not reached by its deadline. */
export const QUORUM_NOT_REACHED = 'quorum-not-reached';

@Injectable()
export class EventsService {
  private readonly listeners: EventListener[] = [];

  constructor(
    @InjectRepository(Event) private readonly events: Repository<Event>,
    @InjectRepository(EventHost) private readonly hosts: Repository<EventHost>,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly transactions: Transactions,
    private readonly members: MembersService,
    private readonly rooms: RoomsService,
    private readonly clock: Clock,
  ) {}

  /** Registers a module that must act when hosts or seats change (registrations), without a circular import. */
  listen(listener: EventListener): void {
    this.listeners.push(listener);
  }

  /** Reads an event inside a unit of work and, on PostgreSQL, locks it: seat changes to one event queue here. */
  async lock(manager: EntityManager, id: string): Promise<Event> {
    const event = await this.transactions.lock(manager, Event, id);
    if (!event) throw notFound('Event', id);
    return event;
  }

  async saveCounts(manager: EntityManager, event: Event & AnswerCountsOf): Promise<void> {
    const { goingCount, waitlistedCount, maybeCount, declinedCount, waitlistTickets } = event;
    await manager.update(
      Event,
      { id: event.id },
      { goingCount, waitlistedCount, maybeCount, declinedCount, waitlistTickets },
    );
  }

  /** Checks an event's input, including its references (hosts), before any write. */
  async resolve(input: CreateEventDto): Promise<EventFields> {
    const fields = resolveFields(input, this.settings.timezone);
    const unknown = await this.members.unknownIds(fields.hostIds);
    if (unknown.length > 0) throw invalidField('hostIds', `names no member: ${unknown.join(', ')}`);
    return fields;
  }

  async create(input: CreateEventDto): Promise<EventResponse> {
    const fields = await this.resolve(input);
    const event = await this.transactions.run((manager) => this.insert(manager, fields));
    return this.get(event.id);
  }

  /** Writes a new event (an occurrence of a series, a session of a cohort), after booking its room. */
  async insert(
    manager: EntityManager,
    fields: EventFields,
    belongsTo: { seriesId?: string; cohortId?: string } = {},
  ): Promise<Event> {
    const capacity = await this.bookRoom(manager, fields, []);
    const now = this.clock.now();
    const id = randomUUID();
    const event = manager.create(Event, {
      ...this.columns(fields),
      capacity,
      id,
      uid: `${id}@${new URL(this.settings.publicUrl).hostname}`,
      seriesId: belongsTo.seriesId ?? null,
      cohortId: belongsTo.cohortId ?? null,
      status: 'scheduled',
      cancelReason: null,
      cancelledAt: null,
      sequence: 0,
      goingCount: 0,
      waitlistedCount: 0,
      maybeCount: 0,
      declinedCount: 0,
      waitlistTickets: 0,
      remindersQueuedAt: null,
      quorumDecidedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await manager.insert(Event, event);
    await this.replaceHosts(manager, id, fields.hostIds);
    for (const listener of this.listeners) await listener.hostsChanged?.(manager, id, fields.hostIds);
    return event;
  }

  async get(id: string): Promise<EventResponse> {
    const event = await this.events.findOneBy({ id });
    if (!event) throw notFound('Event', id);
    return (await this.toResponses([event]))[0];
  }

  /** Events starting in a window, oldest first, for calendar feeds; cancelled ones stay so that calendars drop them. */
  async inWindow(
    from: Date,
    to: Date,
    filter: { visibility?: Visibility; kind?: EventKind; cohortId?: string } = {},
  ): Promise<EventResponse[]> {
    const events = await this.events.find({
      where: {
        startsAt: Between(from, to),
        ...(filter.visibility && { visibility: filter.visibility }),
        ...(filter.kind && { kind: filter.kind }),
        ...(filter.cohortId && { cohortId: filter.cohortId }),
      },
      order: { startsAt: 'ASC', id: 'ASC' },
      take: MAX_FEED_EVENTS,
    });
    return this.toResponses(events);
  }

  /** Title and start of each event, for other modules' listings. */
  async summaries(ids: string[]): Promise<Map<string, Pick<Event, 'id' | 'title' | 'startsAt' | 'endsAt'>>> {
    if (ids.length === 0) return new Map();
    const events = await this.events.find({
      where: { id: In(ids) },
      select: { id: true, title: true, startsAt: true, endsAt: true },
    });
    return new Map(events.map((event) => [event.id, event]));
  }

  async list(query: EventQuery): Promise<{ events: EventResponse[]; total: number }> {
    const qb = this.events.createQueryBuilder('event');
    if (query.from) qb.andWhere('event.startsAt >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('event.startsAt < :to', { to: new Date(query.to) });
    for (const field of ['kind', 'visibility', 'status', 'roomId', 'seriesId'] as const) {
      if (query[field]) qb.andWhere(`event.${field} = :${field}`, { [field]: query[field] });
    }
    if (query.hostId) {
      qb.andWhere(
        `event.id IN ${qb.subQuery().select('host.eventId').from(EventHost, 'host').where('host.memberId = :hostId').getQuery()}`,
        { hostId: query.hostId },
      );
    }
    const [events, total] = await qb
      .orderBy('event.startsAt', 'ASC')
      .addOrderBy('event.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { events: await this.toResponses(events), total };
  }

  /** Edits one event, or (scope `following`) an occurrence and every later one of its series. */
  async update(id: string, changes: UpdateEventDto, scope: EditScope): Promise<EventResponse> {
    const event = await this.findEditable(id);
    const fields = await this.resolve({ ...asInput(event, await this.hostIdsOf(event.id)), ...changes });
    await this.transactions.run(async (manager) => {
      if (scope === 'this' || !event.seriesId) return this.apply(manager, event, fields, [event.id]);
      const following = await manager.find(Event, {
        where: { seriesId: event.seriesId, status: Not('cancelled'), startsAt: MoreThanOrEqual(event.startsAt) },
        order: { startsAt: 'ASC' },
      });
      const ids = following.map((occurrence) => occurrence.id);
      for (const occurrence of following) {
        const own = asInput(occurrence, await this.hostIdsOf(occurrence.id));
        const merged = resolveFields(
          { ...own, ...changes, ...movedLike(event, fields, changes, occurrence) },
          this.settings.timezone,
        );
        await this.apply(manager, occurrence, merged, ids);
      }
    });
    return this.get(id);
  }

  async cancel(id: string, reason: string | undefined): Promise<EventResponse> {
    const event = await this.events.findOneBy({ id });
    if (!event) throw notFound('Event', id);
    if (event.status !== 'cancelled') {
      await this.transactions.run((manager) => this.markCancelled(manager, [event], reason));
    }
    return this.get(id);
  }

  /** Cancels events in one unit of work: SEQUENCE+1 and the reason, so calendars drop them. */
  async markCancelled(manager: EntityManager, events: Event[], reason: string | undefined): Promise<void> {
    const now = this.clock.now();
    for (const event of events) {
      const cancelled = {
        status: 'cancelled' as const,
        cancelReason: reason ?? null,
        cancelledAt: now,
        sequence: event.sequence + 1,
        updatedAt: now,
      };
      await manager.update(Event, { id: event.id }, cancelled);
      for (const listener of this.listeners)
        await listener.cancelled?.(manager, { ...event, ...cancelled }, reason ?? null);
    }
  }

  async toResponses(events: Event[]): Promise<EventResponse[]> {
    const hosts = events.length ? await this.hosts.findBy({ eventId: In(events.map((event) => event.id)) }) : [];
    return events.map((event) => {
      const local = (date: Date) =>
        DateTime.fromJSDate(date, { zone: event.timezone }).toISO({ suppressMilliseconds: true })!;
      const {
        goingCount,
        waitlistedCount,
        maybeCount,
        declinedCount,
        waitlistTickets: _tickets,
        remindersQueuedAt: _reminded,
        ...rest
      } = event;
      return {
        ...rest,
        localStartsAt: local(event.startsAt),
        localEndsAt: local(event.endsAt),
        hostIds: hosts.filter((host) => host.eventId === event.id).map((host) => host.memberId),
        seatsLeft: event.capacity === null ? null : Math.max(0, event.capacity - goingCount),
        counts: { going: goingCount, waitlisted: waitlistedCount, maybe: maybeCount, declined: declinedCount },
      };
    });
  }

  private async findEditable(id: string): Promise<Event> {
    const event = await this.events.findOneBy({ id });
    if (!event) throw notFound('Event', id);
    if (event.status === 'cancelled') {
      throw new DomainError(ErrorCode.EVENT_CANCELLED, `Event ${id} is cancelled and can no longer be edited`);
    }
    return event;
  }

  /** Writes new fields onto a stored event; `moving` are the events edited together, which do not collide. */
  private async apply(manager: EntityManager, event: Event, fields: EventFields, moving: string[]): Promise<void> {
    if (fields.capacity !== null && fields.capacity < event.goingCount) {
      throw invalidField('capacity', `cannot be below the ${event.goingCount} members already going`);
    }
    const capacity = await this.bookRoom(manager, fields, moving);
    const moved = isSignificantChange(event, fields);
    const changes = {
      ...this.columns(fields),
      capacity,
      sequence: event.sequence + (moved ? 1 : 0),
      updatedAt: this.clock.now(),
    };
    await manager.update(Event, { id: event.id }, changes);
    if (moved) for (const listener of this.listeners) await listener.moved?.(manager, event, { ...event, ...changes });
    const hostsBefore = await this.hostIdsOf(event.id, manager);
    await this.replaceHosts(manager, event.id, fields.hostIds);
    const hostsChanged = hostsBefore.sort().join() !== [...fields.hostIds].sort().join();
    const seatsAdded = event.capacity !== null && (capacity === null || capacity > event.capacity);
    for (const listener of this.listeners) {
      if (hostsChanged) await listener.hostsChanged?.(manager, event.id, fields.hostIds);
      if (seatsAdded) await listener.seatsAdded?.(manager, event.id);
    }
  }

  /** Events not cancelled, without reminders yet, starting between now and `until`. */
  async awaitingReminders(until: Date): Promise<Event[]> {
    return this.events.find({
      where: { status: Not('cancelled'), remindersQueuedAt: IsNull(), startsAt: Between(this.clock.now(), until) },
      order: { startsAt: 'ASC' },
    });
  }

  async markReminded(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.update(
      Event,
      { id, remindersQueuedAt: IsNull() },
      { remindersQueuedAt: this.clock.now() },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Decides every quorum whose deadline has passed: confirmed with enough "yes", cancelled otherwise. */
  async decideQuorums(): Promise<void> {
    const now = this.clock.now();
    const due = await this.events.find({
      where: {
        status: 'scheduled',
        minAttendees: Not(IsNull()),
        quorumDeadline: LessThanOrEqual(now),
        quorumDecidedAt: IsNull(),
      },
      select: { id: true },
    });
    for (const { id } of due) {
      await this.transactions.run(async (manager) => {
        const event = await this.lock(manager, id);
        if (event.status !== 'scheduled' || event.quorumDecidedAt) return;
        await manager.update(Event, { id }, { quorumDecidedAt: now });
        if (event.goingCount >= event.minAttendees!) {
          const confirmed = { status: 'confirmed' as const, sequence: event.sequence + 1, updatedAt: now };
          await manager.update(Event, { id }, confirmed);
          for (const listener of this.listeners) await listener.quorumReached?.(manager, { ...event, ...confirmed });
        } else {
          await this.markCancelled(manager, [event], QUORUM_NOT_REACHED);
        }
      });
    }
  }

  /**
   * Refuses an event that would overlap another one in its room (back-to-back is fine). The room row is locked
   * first, so two bookings of one room arriving at once are checked one after the other. Returns the capacity:
   * the event's own, else the room's.
   */
  private async bookRoom(manager: EntityManager, fields: EventFields, moving: string[]): Promise<number | null> {
    if (!fields.roomId) return fields.capacity;
    const room = await this.rooms.lockForBooking(manager, fields.roomId);
    const qb = manager
      .createQueryBuilder(Event, 'event')
      .where('event.roomId = :roomId', { roomId: room.id })
      .andWhere("event.status <> 'cancelled'")
      .andWhere('event.startsAt < :endsAt', { endsAt: fields.endsAt.toJSDate() })
      .andWhere('event.endsAt > :startsAt', { startsAt: fields.startsAt.toJSDate() });
    if (moving.length) qb.andWhere(new Brackets((where) => where.where('event.id NOT IN (:...moving)', { moving })));
    const other = await qb.orderBy('event.startsAt', 'ASC').getOne();
    if (other) {
      const when = DateTime.fromJSDate(other.startsAt, { zone: other.timezone }).toFormat('yyyy-MM-dd HH:mm');
      throw new DomainError(
        ErrorCode.ROOM_TAKEN,
        `Room ${room.name} is taken at that time by "${other.title}" (${when}, event ${other.id})`,
        {
          field: 'roomId',
          conflictingEvent: { id: other.id, title: other.title, startsAt: other.startsAt, endsAt: other.endsAt },
        },
      );
    }
    return fields.capacity ?? room.capacity;
  }

  private columns(fields: EventFields) {
    const { hostIds: _hostIds, startsAt, endsAt, quorumDeadline, ...rest } = fields;
    return {
      ...rest,
      startsAt: startsAt.toJSDate(),
      endsAt: endsAt.toJSDate(),
      quorumDeadline: quorumDeadline?.toJSDate() ?? null,
    };
  }

  private async replaceHosts(manager: EntityManager, eventId: string, hostIds: string[]): Promise<void> {
    await manager.delete(EventHost, { eventId });
    if (hostIds.length)
      await manager.insert(
        EventHost,
        hostIds.map((memberId) => ({ eventId, memberId })),
      );
  }

  private async hostIdsOf(eventId: string, manager = this.hosts.manager): Promise<string[]> {
    return (await manager.findBy(EventHost, { eventId })).map((host) => host.memberId);
  }
}
