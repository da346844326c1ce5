import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, MoreThanOrEqual, Not, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode, invalidField, notFound } from '../common/domain-error';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { PlainSql } from '../database/plain-sql';
import { Transactions } from '../database/transactions';
import { MembersService } from '../members/members.service';
import { CreateEventDto, EditScope, UpdateEventDto } from './event.dto';
import { Event } from './event.entity';
import { EventHost } from './event-host.entity';
import { asInput, EventFields, isSignificantChange, movedLike, resolveFields } from './event-fields';
import { RoomBookings } from './room-bookings';

export type AnswerCountsOf = Pick<
  Event,
  'goingCount' | 'waitlistedCount' | 'maybeCount' | 'declinedCount' | 'waitlistTickets'
>;

/** The reason written on an event whose quorum was not reached by its deadline. */
export const QUORUM_NOT_REACHED = 'quorum-not-reached';

/** What an edit changed of one event, for the caller to act on in the same unit of work. */
export interface EventEdit {
  before: Event;
  after: Event;
  /** The time or the place changed: SEQUENCE grew, calendars and invitees must hear of it. */
  moved: boolean;
  hostIds: string[];
  hostsChanged: boolean;
  /** The capacity grew (or went): the waitlist may move up. */
  seatsAdded: boolean;
}

/**
 * Writes to events, inside the caller's unit of work. Each write returns what it changed; what follows (seats of
 * hosts, the waitlist, mails) is the caller's to do, so this module knows nothing of registrations or mail.
 */
@Injectable()
export class EventWrites {
  constructor(
    @InjectRepository(Event) private readonly events: Repository<Event>,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly transactions: Transactions,
    private readonly sql: PlainSql,
    private readonly members: MembersService,
    private readonly rooms: RoomBookings,
    private readonly clock: Clock,
  ) {}

  /** Reads an event inside a unit of work and, on PostgreSQL, locks it: seat changes to one event queue here. */
  async lock(manager: EntityManager, id: string): Promise<Event> {
    const event = await this.transactions.lock(manager, Event, id);
    if (!event) throw notFound('Event', id);
    return event;
  }

  async saveCounts(manager: EntityManager, event: Event & AnswerCountsOf): Promise<void> {
    const { goingCount, waitlistedCount, maybeCount, declinedCount, waitlistTickets } = event;
    await this.sql.update(manager, Event, event.id, {
      goingCount,
      waitlistedCount,
      maybeCount,
      declinedCount,
      waitlistTickets,
    });
  }

  /** Checks an event's input, including its references (hosts), before any write. */
  async resolve(input: CreateEventDto): Promise<EventFields> {
    const fields = resolveFields(input, this.settings.timezone);
    const unknown = await this.members.unknownIds(fields.hostIds);
    if (unknown.length > 0) throw invalidField('hostIds', `names no member: ${unknown.join(', ')}`);
    return fields;
  }

  /** Writes a new event (an occurrence of a series, a session of a cohort), after booking its room. */
  async insert(
    manager: EntityManager,
    fields: EventFields,
    belongsTo: { seriesId?: string; cohortId?: string } = {},
  ): Promise<Event> {
    const capacity = await this.rooms.book(manager, fields, []);
    const now = this.clock.now();
    const id = randomUUID();
    const event = manager.create(Event, {
      ...columns(fields),
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
    return event;
  }

  /** The event to edit and its new fields, checked before the unit of work; a cancelled event stays as it is. */
  async prepareEdit(id: string, changes: UpdateEventDto): Promise<{ event: Event; fields: EventFields }> {
    const event = await this.events.findOneBy({ id });
    if (!event) throw notFound('Event', id);
    if (event.status === 'cancelled') {
      throw new DomainError(ErrorCode.EVENT_CANCELLED, `Event ${id} is cancelled and can no longer be edited`);
    }
    const fields = await this.resolve({ ...asInput(event, await this.hostIdsOf(event.id)), ...changes });
    return { event, fields };
  }

  /** Edits one event, or (scope `following`) an occurrence and every later one of its series. */
  async edit(
    manager: EntityManager,
    { event, fields }: { event: Event; fields: EventFields },
    changes: UpdateEventDto,
    scope: EditScope,
  ): Promise<EventEdit[]> {
    if (scope === 'this' || !event.seriesId) return [await this.apply(manager, event, fields, [event.id])];
    const following = await manager.find(Event, {
      where: { seriesId: event.seriesId, status: Not('cancelled'), startsAt: MoreThanOrEqual(event.startsAt) },
      order: { startsAt: 'ASC' },
    });
    const ids = following.map((occurrence) => occurrence.id);
    const edits: EventEdit[] = [];
    for (const occurrence of following) {
      const own = asInput(occurrence, await this.hostIdsOf(occurrence.id, manager));
      const merged = resolveFields(
        { ...own, ...changes, ...movedLike(event, fields, changes, occurrence) },
        this.settings.timezone,
      );
      edits.push(await this.apply(manager, occurrence, merged, ids));
    }
    return edits;
  }

  /** Cancels events: SEQUENCE+1 and the reason, so calendars drop them. Returns them as they now stand. */
  async cancel(manager: EntityManager, events: Event[], reason: string | undefined): Promise<Event[]> {
    const now = this.clock.now();
    const cancelled: Event[] = [];
    for (const event of events) {
      const changes = {
        status: 'cancelled' as const,
        cancelReason: reason ?? null,
        cancelledAt: now,
        sequence: event.sequence + 1,
        updatedAt: now,
      };
      await manager.update(Event, { id: event.id }, changes);
      cancelled.push({ ...event, ...changes });
    }
    return cancelled;
  }

  /** Writes new fields onto a stored event; `moving` are the events edited together, which do not collide. */
  private async apply(manager: EntityManager, event: Event, fields: EventFields, moving: string[]): Promise<EventEdit> {
    if (fields.capacity !== null && fields.capacity < event.goingCount) {
      throw invalidField('capacity', `cannot be below the ${event.goingCount} members already going`);
    }
    const capacity = await this.rooms.book(manager, fields, moving);
    const moved = isSignificantChange(event, fields);
    const changes = {
      ...columns(fields),
      capacity,
      sequence: event.sequence + (moved ? 1 : 0),
      updatedAt: this.clock.now(),
    };
    await manager.update(Event, { id: event.id }, changes);
    const hostsBefore = await this.hostIdsOf(event.id, manager);
    await this.replaceHosts(manager, event.id, fields.hostIds);
    return {
      before: event,
      after: { ...event, ...changes },
      moved,
      hostIds: fields.hostIds,
      hostsChanged: hostsBefore.sort().join() !== [...fields.hostIds].sort().join(),
      seatsAdded: event.capacity !== null && (capacity === null || capacity > event.capacity),
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

  private async hostIdsOf(eventId: string, manager = this.events.manager): Promise<string[]> {
    return (await manager.findBy(EventHost, { eventId })).map((host) => host.memberId);
  }
}

function columns(fields: EventFields) {
  const { hostIds: _hostIds, startsAt, endsAt, quorumDeadline, ...rest } = fields;
  return {
    ...rest,
    startsAt: startsAt.toJSDate(),
    endsAt: endsAt.toJSDate(),
    quorumDeadline: quorumDeadline?.toJSDate() ?? null,
  };
}
