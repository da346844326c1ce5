import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode, invalidField } from '../common/domain-error';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Transactions } from '../database/transactions';
import { Event } from '../events/event.entity';
import { EventsService, QUORUM_NOT_REACHED } from '../events/events.service';
import { MembersService } from '../members/members.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { Invitation } from './invitation.entity';
import { InvitationsQueued, InviteDto } from './mailing.dto';
import { MailDetails, MailKind } from './outbox-message.entity';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

const HOUR_MS = 3600 * 1000;

/** One method per reason to write to members; every mail goes through the outbox in the unit of work that causes it. */
@Injectable()
export class MailingService implements OnModuleInit {
  constructor(
    @InjectRepository(Invitation) private readonly invitations: Repository<Invitation>,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly events: EventsService,
    private readonly members: MembersService,
    private readonly registrations: RegistrationsService,
    private readonly outbox: OutboxService,
    private readonly worker: OutboxWorker,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.listen({
      moved: (manager, before, after) => this.eventMoved(manager, before, after),
      cancelled: (manager, event, reason) =>
        reason === QUORUM_NOT_REACHED
          ? this.toAnswered(manager, event, 'quorum-missed')
          : this.toConcerned(manager, event, 'cancellation'),
      quorumReached: (manager, event) => this.toAnswered(manager, event, 'quorum-reached'),
    });
    this.registrations.listen({
      promoted: (manager, eventId, memberIds) =>
        this.outbox.enqueue(
          manager,
          memberIds.map((memberId) => ({ kind: 'promotion', memberId, eventId })),
        ),
    });
  }

  /** Invites members once each (unless `resend`); members who unsubscribed are left out unless they answered. */
  async invite(eventId: string, input: InviteDto): Promise<InvitationsQueued> {
    if (!input.all && !input.memberIds?.length) throw invalidField('memberIds', 'must name members, or set all: true');
    const event = await this.events.get(eventId);
    if (event.status === 'cancelled')
      throw new DomainError(ErrorCode.EVENT_CANCELLED, `Event "${event.title}" is cancelled`);
    if (event.startsAt <= this.clock.now())
      throw new DomainError(ErrorCode.EVENT_PAST, `Event "${event.title}" has already started`);
    const memberIds = input.all ? await this.members.allIds() : input.memberIds!;
    const unknown = input.all ? [] : await this.members.unknownIds(memberIds);
    if (unknown.length) throw invalidField('memberIds', `names no member: ${unknown.join(', ')}`);

    const profiles = await this.members.profiles(memberIds);
    const answered = new Set(await this.registrations.memberIds(eventId, ['going', 'waitlisted', 'maybe', 'declined']));
    const reachable = profiles
      .filter((member) => !member.unsubscribedAt || answered.has(member.id))
      .map((member) => member.id);
    const result = await this.transactions.run(async (manager) => {
      const already = new Set(
        (await manager.find(Invitation, { where: { eventId, memberId: In(reachable) } })).map(
          (invitation) => invitation.memberId,
        ),
      );
      const toSend = input.resend ? reachable : reachable.filter((id) => !already.has(id));
      const now = this.clock.now();
      for (const memberId of toSend) {
        if (already.has(memberId)) await manager.increment(Invitation, { eventId, memberId }, 'sends', 1);
        else await manager.insert(Invitation, { eventId, memberId, invitedAt: now, sends: 1 });
      }
      await this.outbox.enqueue(
        manager,
        toSend.map((memberId) => ({ kind: 'invitation' as const, memberId, eventId })),
      );
      return { queued: toSend.length, alreadyInvited: input.resend ? 0 : reachable.length - toSend.length };
    });
    void this.worker.drain();
    return { ...result, unsubscribed: profiles.length - reachable.length };
  }

  /** Queues the reminders of events starting within their kind's reminder time; each event once. */
  async queueReminders(): Promise<void> {
    const hours = this.settings.reminderHours;
    const longest = Math.max(...Object.values(hours));
    const now = this.clock.now().getTime();
    for (const event of await this.events.awaitingReminders(new Date(now + longest * HOUR_MS))) {
      const lead = hours[event.kind] ?? hours.default;
      if (lead === 0 || event.startsAt.getTime() - now > lead * HOUR_MS) continue;
      const going = await this.registrations.memberIds(event.id, ['going']);
      const reachable = (await this.members.profiles(going)).filter((member) => !member.unsubscribedAt);
      await this.transactions.run(async (manager) => {
        if (!(await this.events.markReminded(manager, event.id))) return;
        await this.outbox.enqueue(
          manager,
          reachable.map((member) => ({ kind: 'reminder' as const, memberId: member.id, eventId: event.id })),
        );
      });
    }
  }

  /** Time or place changed: everyone invited or who answered (but declined) hears what changed. */
  private eventMoved(manager: EntityManager, before: Event, after: Event): Promise<void> {
    const details: MailDetails = {};
    const times = (event: Event) => ({
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
      timezone: event.timezone,
    });
    if (
      before.startsAt.getTime() !== after.startsAt.getTime() ||
      before.endsAt.getTime() !== after.endsAt.getTime() ||
      before.timezone !== after.timezone
    ) {
      details.when = { from: times(before), to: times(after) };
    }
    if (before.roomId !== after.roomId || before.location !== after.location) {
      details.where = {
        from: { roomId: before.roomId, location: before.location },
        to: { roomId: after.roomId, location: after.location },
      };
    }
    return this.toConcerned(manager, after, 'update', details);
  }

  /** Invitees and members who answered anything but no. */
  private async toConcerned(manager: EntityManager, event: Event, kind: MailKind, details?: MailDetails) {
    const invited = (await this.invitations.find({ where: { eventId: event.id }, select: { memberId: true } })).map(
      (i) => i.memberId,
    );
    const declined = new Set(await this.registrations.memberIds(event.id, ['declined']));
    const answered = await this.registrations.memberIds(event.id, ['going', 'waitlisted', 'maybe']);
    const concerned = [...new Set([...invited, ...answered])].filter((id) => !declined.has(id));
    await this.outbox.enqueue(
      manager,
      concerned.map((memberId) => ({ kind, memberId, eventId: event.id, details })),
    );
  }

  /** Members who answered yes or maybe (the quorum's outcome concerns them). */
  private async toAnswered(manager: EntityManager, event: Event, kind: MailKind) {
    const answered = await this.registrations.memberIds(event.id, ['going', 'waitlisted', 'maybe']);
    await this.outbox.enqueue(
      manager,
      answered.map((memberId) => ({ kind, memberId, eventId: event.id })),
    );
  }
}
