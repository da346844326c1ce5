import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Clock } from '../common/clock';
import { invalidField } from '../common/domain-error';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Transactions } from '../database/transactions';
import { EventReminders } from '../events/event-reminders';
import { EventsService } from '../events/events.service';
import { MembersService } from '../members/members.service';
import { closedError } from '../registrations/answer-window';
import { RegistrationsService } from '../registrations/registrations.service';
import { Invitation } from './invitation.entity';
import { InvitationsQueued, InviteDto } from './mailing.dto';
import { OutboxService } from '../outbox/outbox.service';
import { OutboxWorker } from './outbox.worker';

const HOUR_MS = 3600 * 1000;

/** Invitations and reminders, queued in the outbox in the unit of work that records them. */
@Injectable()
export class MailingService {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly events: EventsService,
    private readonly reminders: EventReminders,
    private readonly members: MembersService,
    private readonly registrations: RegistrationsService,
    private readonly outbox: OutboxService,
    private readonly worker: OutboxWorker,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Invites members once each (unless `resend`); members who turned invitations off are left out unless they answered. */
  async invite(eventId: string, input: InviteDto): Promise<InvitationsQueued> {
    if (!input.all && !input.memberIds?.length) throw invalidField('memberIds', 'must name members, or set all: true');
    const event = await this.events.get(eventId);
    const closed = closedError(event, this.clock.now());
    if (closed) throw closed;
    const memberIds = input.all ? await this.members.allIds() : input.memberIds!;
    const unknown = input.all ? [] : await this.members.unknownIds(memberIds);
    if (unknown.length) throw invalidField('memberIds', `names no member: ${unknown.join(', ')}`);

    const profiles = await this.members.profiles(memberIds);
    const answered = new Set(await this.registrations.memberIds(eventId, ['going', 'waitlisted', 'maybe', 'declined']));
    const reachable = profiles
      .filter((member) => member.mailPreferences.invitations || answered.has(member.id))
      .map((member) => member.id);
    const result = await this.transactions.run(
      async (manager) => {
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
      },
      { touches: [] },
    );
    void this.worker.drain();
    return { ...result, unsubscribed: profiles.length - reachable.length };
  }

  /** Queues the reminders of events starting within their kind's reminder time; each event once. */
  async queueReminders(): Promise<void> {
    const hours = this.settings.reminderHours;
    const longest = Math.max(...Object.values(hours));
    const now = this.clock.now().getTime();
    for (const event of await this.reminders.due(new Date(now + longest * HOUR_MS))) {
      const lead = hours[event.kind] ?? hours.default;
      if (lead === 0 || event.startsAt.getTime() - now > lead * HOUR_MS) continue;
      const going = await this.registrations.memberIds(event.id, ['going']);
      const reachable = await this.members.receiving('reminders', going);
      await this.transactions.run(
        async (manager) => {
          if (!(await this.reminders.markQueued(manager, event.id))) return;
          await this.outbox.enqueue(
            manager,
            reachable.map((member) => ({ kind: 'reminder' as const, memberId: member.id, eventId: event.id })),
          );
        },
        { touches: [] },
      );
    }
  }
}
