import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Not, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { appendedId } from '../database/appended-id';
import { PlainSql } from '../database/plain-sql';
import { Transactions } from '../database/transactions';
import { Event } from '../events/event.entity';
import { EventWrites } from '../events/event-writes';
import { EventsService } from '../events/events.service';
import { ERASED_MEMBER_NAME, MemberProfile, MembersService, memberScope } from '../members/members.service';
import { closedError } from './answer-window';
import { AttendanceResponse, RegistrationResponse } from './registration.dto';
import { Registration, RegistrationStatus, Response } from './registration.entity';
import { hasFreeSeat, recount, statusFor } from './seats';

const LIST_ORDER: Record<RegistrationStatus, number> = { going: 0, waitlisted: 1, maybe: 2, declined: 3 };

/** The scope of derived data (ChangeLog) that moves with every check-in or its undoing: who met whom. */
export const CHECK_INS_SCOPE = 'check-ins';

/** What an answer did: the registration as it now stands, the event with its new counts, who got a freed seat. */
export interface AnswerOutcome {
  registration: RegistrationResponse;
  event: Event;
  /** The members whose status changed: the one who answered (unless it stayed the same) and the promoted. */
  changed: string[];
  promoted: string[];
}

/**
 * Answers, seats, waitlist and check-in. Every change runs in a unit of work that first locks the event row
 * (PostgreSQL) or waits its turn (SQLite), so the seat check and the write are one atomic step. The writes take the
 * caller's unit of work and return who changed: the use case (Answers, EventChanges) queues the mails.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    @InjectRepository(Registration) private readonly registrations: Repository<Registration>,
    private readonly events: EventsService,
    private readonly writes: EventWrites,
    private readonly members: MembersService,
    private readonly transactions: Transactions,
    private readonly sql: PlainSql,
    private readonly clock: Clock,
  ) {}

  /** The members registered to an event with one of the statuses. */
  async memberIds(eventId: string, statuses: RegistrationStatus[]): Promise<string[]> {
    const registrations = await this.registrations.find({
      where: { eventId, status: In(statuses) },
      select: { memberId: true },
    });
    return registrations.map((registration) => registration.memberId);
  }

  /** Who came to which event: every check-in, for the encounters they make. */
  async checkIns(): Promise<{ eventId: string; memberId: string }[]> {
    return this.registrations.find({
      where: { checkedInAt: Not(IsNull()) },
      select: { eventId: true, memberId: true },
    });
  }

  /** A member's status for each of the events they answered. */
  async statusesOf(memberId: string, eventIds: string[]): Promise<Map<string, RegistrationStatus>> {
    if (eventIds.length === 0) return new Map();
    const registrations = await this.registrations.find({
      where: { memberId, eventId: In(eventIds) },
      select: { eventId: true, status: true },
    });
    return new Map(registrations.map((registration) => [registration.eventId, registration.status]));
  }

  /** Records a member's answer; a seat it frees goes to the first in line. */
  async answer(
    manager: EntityManager,
    eventId: string,
    member: MemberProfile,
    response: Response,
  ): Promise<AnswerOutcome> {
    const event = await this.writes.lock(manager, eventId);
    const closed = closedError(event, this.clock.now());
    if (closed) throw closed;
    const current = await this.current(manager, eventId, member.id);
    const status = statusFor(response, current?.status ?? null, event);
    const role = current?.role ?? 'attendee';
    const row = await this.write(manager, event, current, { memberId: member.id, response, status, role });
    const promoted = current?.status === 'going' && status !== 'going' ? await this.promote(manager, event) : [];
    await this.writes.saveCounts(manager, event);
    const position = await this.position(manager, row, event, current);
    return {
      registration: toResponse(row, member, position),
      event,
      changed: [...(current?.status === status ? [] : [member.id]), ...promoted],
      promoted,
    };
  }

  /** Registers a member as going without asking (a workclub member to the cohort's sessions); false if they were. */
  async enroll(manager: EntityManager, eventId: string, memberId: string): Promise<boolean> {
    const event = await this.writes.lock(manager, eventId);
    const current = await this.current(manager, eventId, memberId);
    if (current?.status === 'going') return false;
    const role = current?.role ?? 'attendee';
    await this.write(manager, event, current, { memberId, response: 'yes', status: 'going', role });
    await this.writes.saveCounts(manager, event);
    return true;
  }

  /** Removes a member's registration; a seat they held goes to the first in line, whose ids are returned. */
  async remove(manager: EntityManager, eventId: string, memberId: string): Promise<string[]> {
    const event = await this.writes.lock(manager, eventId);
    const current = await this.current(manager, eventId, memberId);
    if (!current) throw notFound('Registration of member', memberId);
    await manager.delete(Registration, { id: current.id });
    recount(event, current.status, null);
    const promoted = current.status === 'going' ? await this.promote(manager, event) : [];
    await this.writes.saveCounts(manager, event);
    return promoted;
  }

  /** After seats were added to an event: gives them to the waitlist, and returns who got one. */
  async fillFreedSeats(manager: EntityManager, eventId: string): Promise<string[]> {
    const event = await this.writes.lock(manager, eventId);
    const promoted = await this.promote(manager, event);
    await this.writes.saveCounts(manager, event);
    return promoted;
  }

  /** Hosts take a seat without asking; a former host keeps the seat as an attendee. Returns who took a seat. */
  async seatHosts(manager: EntityManager, eventId: string, hostIds: string[]): Promise<string[]> {
    const event = await this.writes.lock(manager, eventId);
    const current = await manager.findBy(Registration, { eventId });
    for (const registration of current.filter((r) => r.role === 'host' && !hostIds.includes(r.memberId))) {
      await manager.update(Registration, { id: registration.id }, { role: 'attendee' });
    }
    const seated: string[] = [];
    for (const memberId of hostIds) {
      const existing = current.find((registration) => registration.memberId === memberId);
      if (existing?.role === 'host' && existing.status === 'going') continue;
      await this.write(manager, event, existing ?? null, { memberId, response: 'yes', status: 'going', role: 'host' });
      if (existing?.status !== 'going') seated.push(memberId);
    }
    await this.writes.saveCounts(manager, event);
    return seated;
  }

  async get(eventId: string, memberId: string): Promise<RegistrationResponse> {
    const registration = await this.find(eventId, memberId);
    if (!registration) throw notFound('Registration of member', memberId);
    return registration;
  }

  /** `member` when the caller has read it already. */
  async find(eventId: string, member: string | MemberProfile): Promise<RegistrationResponse | null> {
    const memberId = typeof member === 'string' ? member : member.id;
    const registration = await this.registrations.findOneBy({ eventId, memberId });
    if (!registration) return null;
    if (typeof member === 'string') return (await this.toResponses([registration]))[0];
    return toResponse(registration, member, await this.position(this.registrations.manager, registration));
  }

  async list(eventId: string): Promise<RegistrationResponse[]> {
    await this.events.get(eventId);
    const registrations = await this.registrations.findBy({ eventId });
    return (await this.toResponses(registrations)).sort(
      (a, b) =>
        LIST_ORDER[a.status] - LIST_ORDER[b.status] ||
        (a.position ?? 0) - (b.position ?? 0) ||
        a.answeredAt.getTime() - b.answeredAt.getTime(),
    );
  }

  /** Marks that a member came. Someone who walks in without having answered is recorded as going: they are there. */
  async checkIn(eventId: string, memberId: string): Promise<RegistrationResponse> {
    const member = await this.members.profile(memberId);
    const row = await this.transactions.run(
      async (manager) => {
        const event = await this.writes.lock(manager, eventId);
        if (event.status === 'cancelled') throw closedError(event, this.clock.now())!;
        const current = await this.current(manager, eventId, memberId);
        const now = this.clock.now();
        if (current?.status === 'going') {
          const checkedIn = { checkedInAt: current.checkedInAt ?? now, updatedAt: now };
          await manager.update(Registration, { id: current.id }, checkedIn);
          return { ...current, ...checkedIn };
        }
        const role = current?.role ?? 'attendee';
        const written = await this.write(
          manager,
          event,
          current,
          { memberId, response: 'yes', status: 'going', role },
          now,
        );
        await this.writes.saveCounts(manager, event);
        return written;
      },
      { touches: [memberScope(memberId), CHECK_INS_SCOPE] },
    );
    return toResponse(row, member, null);
  }

  async undoCheckIn(eventId: string, memberId: string): Promise<RegistrationResponse> {
    await this.get(eventId, memberId);
    await this.transactions.run(
      (manager) =>
        manager.update(Registration, { eventId, memberId }, { checkedInAt: null, updatedAt: this.clock.now() }),
      { touches: [CHECK_INS_SCOPE] },
    );
    return this.get(eventId, memberId);
  }

  /** Who is expected or came: going members (hosts included) and anyone checked in. */
  async attendees(eventId: string): Promise<RegistrationResponse[]> {
    return (await this.list(eventId)).filter(
      (registration) => registration.status === 'going' || registration.checkedInAt,
    );
  }

  async attendance(memberId: string): Promise<AttendanceResponse[]> {
    await this.members.profile(memberId);
    const registrations = await this.registrations.find({ where: { memberId } });
    const events = await this.events.summaries(registrations.map((registration) => registration.eventId));
    return registrations
      .map((registration) => {
        const event = events.get(registration.eventId)!;
        return {
          eventId: event.id,
          title: event.title,
          startsAt: event.startsAt,
          status: registration.status,
          checkedInAt: registration.checkedInAt,
        };
      })
      .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
  }

  /** Gives free seats to the waitlist, first come first served; the caller saves the counts. */
  private async promote(manager: EntityManager, event: Event): Promise<string[]> {
    const promoted: string[] = [];
    while (hasFreeSeat(event) && event.waitlistedCount > 0) {
      const [next] = await this.sql.find(
        manager,
        Registration,
        `"eventId" = ? AND "status" = 'waitlisted' ORDER BY "waitlistTicket" LIMIT 1`,
        [event.id],
      );
      if (!next) break;
      await this.sql.update(manager, Registration, next.id, {
        status: 'going',
        waitlistedAt: null,
        waitlistTicket: null,
        updatedAt: this.clock.now(),
      });
      recount(event, 'waitlisted', 'going');
      promoted.push(next.memberId);
    }
    return promoted;
  }

  /** Writes a registration's new state and moves the event's counts; returns the row as stored. */
  private async write(
    manager: EntityManager,
    event: Event,
    current: Registration | null,
    next: Pick<Registration, 'memberId' | 'response' | 'status' | 'role'>,
    checkedInAt: Date | null = current?.checkedInAt ?? null,
  ): Promise<Registration> {
    const now = this.clock.now();
    const stays = next.status === 'waitlisted' && current?.status === 'waitlisted';
    const waitlistedAt = next.status === 'waitlisted' ? (stays ? current.waitlistedAt : now) : null;
    const waitlistTicket =
      next.status === 'waitlisted' ? (stays ? current.waitlistTicket : (event.waitlistTickets += 1)) : null;
    const answeredAt = current && current.response === next.response ? current.answeredAt : now;
    recount(event, current?.status ?? null, next.status);
    const fields = { ...next, waitlistedAt, waitlistTicket, checkedInAt, answeredAt, updatedAt: now };
    if (current) {
      await this.sql.update(manager, Registration, current.id, fields);
      return { ...current, ...fields };
    }
    const created = { ...fields, id: appendedId(), eventId: event.id, createdAt: now };
    await this.sql.insert(manager, Registration, created);
    return created;
  }

  /**
   * A waitlisted registration's place in line, from 1. One who just joined is last: the event's count says where;
   * else one COUNT of the tickets up to theirs.
   */
  private async position(
    manager: EntityManager,
    row: Registration,
    event?: Event,
    before?: Registration | null,
  ): Promise<number | null> {
    if (row.status !== 'waitlisted') return null;
    if (event && before?.status !== 'waitlisted') return event.waitlistedCount;
    return this.sql.count(
      manager,
      `SELECT COUNT(*) FROM "registration" WHERE "eventId" = ? AND "status" = 'waitlisted' AND "waitlistTicket" <= ?`,
      [row.eventId, row.waitlistTicket],
    );
  }

  /** A member's registration to an event, read in the unit of work (the answer's hot path: plain SQL). */
  private async current(manager: EntityManager, eventId: string, memberId: string): Promise<Registration | null> {
    const [registration] = await this.sql.find(manager, Registration, '"eventId" = ? AND "memberId" = ?', [
      eventId,
      memberId,
    ]);
    return registration ?? null;
  }

  private async toResponses(registrations: Registration[]): Promise<RegistrationResponse[]> {
    const profiles = await this.members.profiles([...new Set(registrations.map((r) => r.memberId))]);
    const waitlists = await this.waitlists([
      ...new Set(registrations.filter((r) => r.status === 'waitlisted').map((r) => r.eventId)),
    ]);
    return registrations.map((registration) => {
      // An erased member's answer still counts, without the person.
      const member = profiles.find((profile) => profile.id === registration.memberId) ?? ERASED;
      const line = waitlists.get(registration.eventId) ?? [];
      const position = registration.status === 'waitlisted' ? line.indexOf(registration.id) + 1 : null;
      return toResponse(registration, member, position);
    });
  }

  /** The waitlist of each event, in order, as registration ids. */
  private async waitlists(eventIds: string[]): Promise<Map<string, string[]>> {
    const lines = new Map<string, string[]>();
    if (eventIds.length === 0) return lines;
    const waiting = await this.registrations.find({
      where: { eventId: In(eventIds), status: 'waitlisted' },
      order: { waitlistTicket: 'ASC' },
      select: { id: true, eventId: true },
    });
    for (const { id, eventId } of waiting) lines.set(eventId, [...(lines.get(eventId) ?? []), id]);
    return lines;
  }
}

const ERASED = { name: ERASED_MEMBER_NAME, email: '' };

function toResponse(
  registration: Registration,
  member: Pick<MemberProfile, 'name' | 'email'>,
  position: number | null,
): RegistrationResponse {
  return {
    eventId: registration.eventId,
    memberId: registration.memberId,
    name: member.name,
    email: member.email,
    role: registration.role,
    response: registration.response,
    status: registration.status,
    position,
    answeredAt: registration.answeredAt,
    checkedInAt: registration.checkedInAt,
  };
}
