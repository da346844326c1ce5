import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull, Not, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { MembersService } from '../members/members.service';
import { AttendanceResponse, RegistrationResponse } from './registration.dto';
import { Registration, RegistrationStatus, Response } from './registration.entity';
import { hasFreeSeat, recount, statusFor } from './seats';

const cancelled = (event: Event) =>
  new DomainError(ErrorCode.EVENT_CANCELLED, `Event "${event.title}" is cancelled: it takes no more answers`);

const LIST_ORDER: Record<RegistrationStatus, number> = { going: 0, waitlisted: 1, maybe: 2, declined: 3 };

/**
 * Answers, seats, waitlist and check-in. Every change runs in one unit of work that first locks the event row
 * (PostgreSQL) or waits its turn (SQLite), so the seat check and the write are one atomic step.
 */
/** What other modules learn of registrations, inside the unit of work that changes them. */
export interface RegistrationListener {
  promoted(manager: EntityManager, eventId: string, memberIds: string[]): Promise<void>;
}

@Injectable()
export class RegistrationsService implements OnModuleInit {
  private readonly listeners: RegistrationListener[] = [];

  constructor(
    @InjectRepository(Registration) private readonly registrations: Repository<Registration>,
    private readonly events: EventsService,
    private readonly members: MembersService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.listen({
      hostsChanged: (manager, eventId, hostIds) => this.seatHosts(manager, eventId, hostIds),
      seatsAdded: async (manager, eventId) => this.promote(manager, await this.events.lock(manager, eventId)),
    });
  }

  listen(listener: RegistrationListener): void {
    this.listeners.push(listener);
  }

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

  async answer(eventId: string, memberId: string, response: Response): Promise<RegistrationResponse> {
    await this.members.profile(memberId);
    await this.transactions.run(async (manager) => {
      const event = await this.events.lock(manager, eventId);
      this.assertOpen(event);
      const current = await manager.findOneBy(Registration, { eventId, memberId });
      const status = statusFor(response, current?.status ?? null, event);
      await this.write(manager, event, current, { memberId, response, status, role: current?.role ?? 'attendee' });
      if (current?.status === 'going' && status !== 'going') await this.promote(manager, event);
      await this.events.saveCounts(manager, event);
    });
    return this.get(eventId, memberId);
  }

  /** Registers a member as going without asking (a workclub member to the cohort's sessions). */
  async enroll(manager: EntityManager, eventId: string, memberId: string): Promise<void> {
    const event = await this.events.lock(manager, eventId);
    const current = await manager.findOneBy(Registration, { eventId, memberId });
    if (current?.status === 'going') return;
    await this.write(manager, event, current, {
      memberId,
      response: 'yes',
      status: 'going',
      role: current?.role ?? 'attendee',
    });
    await this.events.saveCounts(manager, event);
  }

  /** Removes a member's registration; a seat they held goes to the first in line. */
  async remove(eventId: string, memberId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const event = await this.events.lock(manager, eventId);
      const current = await manager.findOneBy(Registration, { eventId, memberId });
      if (!current) throw notFound('Registration of member', memberId);
      await manager.delete(Registration, { id: current.id });
      recount(event, current.status, null);
      if (current.status === 'going') await this.promote(manager, event);
      await this.events.saveCounts(manager, event);
    });
  }

  async get(eventId: string, memberId: string): Promise<RegistrationResponse> {
    const registration = await this.find(eventId, memberId);
    if (!registration) throw notFound('Registration of member', memberId);
    return registration;
  }

  async find(eventId: string, memberId: string): Promise<RegistrationResponse | null> {
    const registration = await this.registrations.findOneBy({ eventId, memberId });
    return registration && (await this.toResponses([registration]))[0];
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
    await this.members.profile(memberId);
    await this.transactions.run(async (manager) => {
      const event = await this.events.lock(manager, eventId);
      if (event.status === 'cancelled') throw cancelled(event);
      const current = await manager.findOneBy(Registration, { eventId, memberId });
      const now = this.clock.now();
      if (current?.status === 'going') {
        await manager.update(
          Registration,
          { id: current.id },
          { checkedInAt: current.checkedInAt ?? now, updatedAt: now },
        );
      } else {
        await this.write(
          manager,
          event,
          current,
          { memberId, response: 'yes', status: 'going', role: current?.role ?? 'attendee' },
          now,
        );
      }
      await this.events.saveCounts(manager, event);
    });
    return this.get(eventId, memberId);
  }

  async undoCheckIn(eventId: string, memberId: string): Promise<RegistrationResponse> {
    await this.get(eventId, memberId);
    await this.transactions.run((manager) =>
      manager.update(Registration, { eventId, memberId }, { checkedInAt: null, updatedAt: this.clock.now() }),
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

  /** The errors that mean "this event takes no more answers". */
  readonly closedCodes = [ErrorCode.EVENT_CANCELLED, ErrorCode.EVENT_PAST];

  /** Why an event takes no more answers, or null while it does. */
  whyClosed(event: Pick<Event, 'status' | 'startsAt'>): ErrorCode | null {
    if (event.status === 'cancelled') return ErrorCode.EVENT_CANCELLED;
    if (event.startsAt <= this.clock.now()) return ErrorCode.EVENT_PAST;
    return null;
  }

  private assertOpen(event: Event): void {
    const closed = this.whyClosed(event);
    if (closed === ErrorCode.EVENT_CANCELLED) throw cancelled(event);
    if (closed) throw new DomainError(closed, `Event "${event.title}" has already started: it takes no more answers`);
  }

  /** Gives free seats to the waitlist, first come first served. */
  private async promote(manager: EntityManager, event: Event): Promise<void> {
    const promoted: string[] = [];
    while (hasFreeSeat(event) && event.waitlistedCount > 0) {
      const next = await manager.findOne(Registration, {
        where: { eventId: event.id, status: 'waitlisted' },
        order: { waitlistTicket: 'ASC' },
      });
      if (!next) break;
      await manager.update(
        Registration,
        { id: next.id },
        { status: 'going', waitlistedAt: null, waitlistTicket: null, updatedAt: this.clock.now() },
      );
      recount(event, 'waitlisted', 'going');
      promoted.push(next.memberId);
    }
    await this.events.saveCounts(manager, event);
    if (promoted.length) for (const listener of this.listeners) await listener.promoted(manager, event.id, promoted);
  }

  /** Hosts take a seat without asking; a former host keeps the seat as an attendee. */
  private async seatHosts(manager: EntityManager, eventId: string, hostIds: string[]): Promise<void> {
    const event = await this.events.lock(manager, eventId);
    const current = await manager.findBy(Registration, { eventId });
    for (const registration of current.filter((r) => r.role === 'host' && !hostIds.includes(r.memberId))) {
      await manager.update(Registration, { id: registration.id }, { role: 'attendee' });
    }
    for (const memberId of hostIds) {
      const existing = current.find((registration) => registration.memberId === memberId);
      if (existing?.role === 'host' && existing.status === 'going') continue;
      await this.write(manager, event, existing ?? null, { memberId, response: 'yes', status: 'going', role: 'host' });
    }
    await this.events.saveCounts(manager, event);
  }

  private async write(
    manager: EntityManager,
    event: Event,
    current: Registration | null,
    next: Pick<Registration, 'memberId' | 'response' | 'status' | 'role'>,
    checkedInAt: Date | null = current?.checkedInAt ?? null,
  ): Promise<void> {
    const now = this.clock.now();
    const stays = next.status === 'waitlisted' && current?.status === 'waitlisted';
    const waitlistedAt = next.status === 'waitlisted' ? (stays ? current.waitlistedAt : now) : null;
    const waitlistTicket =
      next.status === 'waitlisted' ? (stays ? current.waitlistTicket : (event.waitlistTickets += 1)) : null;
    const answeredAt = current && current.response === next.response ? current.answeredAt : now;
    recount(event, current?.status ?? null, next.status);
    const fields = { ...next, waitlistedAt, waitlistTicket, checkedInAt, answeredAt, updatedAt: now };
    if (current) await manager.update(Registration, { id: current.id }, fields);
    else await manager.insert(Registration, { ...fields, id: randomUUID(), eventId: event.id, createdAt: now });
  }

  private async toResponses(registrations: Registration[]): Promise<RegistrationResponse[]> {
    const profiles = await this.members.profiles([...new Set(registrations.map((r) => r.memberId))]);
    const waitlists = await this.waitlists([
      ...new Set(registrations.filter((r) => r.status === 'waitlisted').map((r) => r.eventId)),
    ]);
    return registrations.map((registration) => {
      const member = profiles.find((profile) => profile.id === registration.memberId)!;
      const line = waitlists.get(registration.eventId) ?? [];
      return {
        eventId: registration.eventId,
        memberId: registration.memberId,
        name: member.name,
        email: member.email,
        role: registration.role,
        response: registration.response,
        status: registration.status,
        position: registration.status === 'waitlisted' ? line.indexOf(registration.id) + 1 : null,
        answeredAt: registration.answeredAt,
        checkedInAt: registration.checkedInAt,
      };
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
