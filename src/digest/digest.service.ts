import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { EventResponse } from '../events/event.dto';
import { EventsService } from '../events/events.service';
import { mayAttend } from '../events/who-may-attend';
import { MemberProfile, MembersService } from '../members/members.service';
import { OutboxService } from '../outbox/outbox.service';
import { RegistrationStatus } from '../registrations/registration.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { DigestWeek, isDue, weekNamed, weekOf } from './digest-week';
import { WeeklyDigest } from './weekly-digest.entity';

/** An event of the digest, and the member's answer to it (none yet: undefined). */
export interface DigestEntry {
  event: EventResponse;
  status: RegistrationStatus | undefined;
}

/**
 * Who gets which week's digest. On Monday morning each member who keeps it on gets one, listing the events of the
 * week still to come that they may attend: public and members-only ones, and their own cohort's sessions (the rule of
 * the member's feed). The mail itself is written at send time (DigestMail).
 */
@Injectable()
export class DigestService {
  constructor(
    @InjectRepository(WeeklyDigest) private readonly digests: Repository<WeeklyDigest>,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly members: MembersService,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly outbox: OutboxService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Queues this week's digests once it is Monday 08:00 in the space's zone; a member with an empty week gets none. */
  async queueDue(): Promise<void> {
    const now = this.clock.now();
    const week = weekOf(now, this.settings.timezone);
    if (!isDue(week, now, this.settings.timezone)) return;
    const done = await this.digests.find({ where: { week: week.key }, select: { memberId: true } });
    const handled = new Set(done.map((row) => row.memberId));
    const members = (await this.members.receiving('digest')).filter((member) => !handled.has(member.id));
    if (members.length === 0) return;
    const coming = await this.coming(week, now);
    const counts: { memberId: string; count: number }[] = [];
    for (const member of members) {
      counts.push({ memberId: member.id, count: (await this.mine(member, coming)).length });
    }
    // Queued side by side, the units of work share their commits (Transactions).
    await Promise.all(counts.map(({ memberId, count }) => this.queue(week, memberId, count, now)));
  }

  /** The events of the week named `weekKey` still to come that the member may attend, with their answer. */
  async entries(member: MemberProfile, weekKey: string): Promise<DigestEntry[]> {
    const week = weekNamed(weekKey, this.settings.timezone);
    if (!week) return [];
    return this.mine(member, await this.coming(week, this.clock.now()));
  }

  /**
   * The member's digest of the week and its mail, in one unit of work: when another server process wrote the row
   * first, the insert fails on the primary key and this one queues nothing.
   */
  private async queue(week: DigestWeek, memberId: string, eventCount: number, now: Date): Promise<void> {
    try {
      await this.transactions.run(
        async (manager) => {
          await manager.insert(WeeklyDigest, { memberId, week: week.key, queuedAt: now });
          if (eventCount === 0) return;
          await this.outbox.enqueue(manager, [
            { kind: 'digest', memberId, eventId: null, details: { week: week.key } },
          ]);
        },
        { touches: [] },
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** The events of the week that have not started, but for those cancelled. */
  private async coming(week: DigestWeek, now: Date): Promise<EventResponse[]> {
    if (now >= week.endsAt) return [];
    const from = now > week.startsAt ? now : week.startsAt;
    const events = await this.events.inWindow(from, week.endsAt);
    return events.filter((event) => event.startsAt < week.endsAt && event.status !== 'cancelled');
  }

  /** The events the member may attend, as their feed shows them, with their answer. */
  private async mine(member: MemberProfile, events: EventResponse[]): Promise<DigestEntry[]> {
    const answers = await this.registrations.statusesOf(
      member.id,
      events.map((event) => event.id),
    );
    return events
      .filter((event) => mayAttend(member, event, answers.has(event.id)))
      .map((event) => ({ event, status: answers.get(event.id) }));
  }
}
