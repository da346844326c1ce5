import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { invalidField } from '../common/domain-error';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { insertAll } from '../database/insert-all';
import { Transactions } from '../database/transactions';
import { EventReminders } from '../events/event-reminders';
import { EventsService } from '../events/events.service';
import { mayAttend } from '../events/who-may-attend';
import { MembersService } from '../members/members.service';
import { closedError } from '../registrations/answer-window';
import { RegistrationsService } from '../registrations/registrations.service';
import { Invitation } from './invitation.entity';
import { InvitationPreview, InvitationsQueued, InviteDto } from './mailing.dto';
import { OutboxService } from '../outbox/outbox.service';
import { OutboxWorker } from './outbox.worker';

const HOUR_MS = 3600 * 1000;

/** Those who get a mail and those left out as invited already (all get one again with `resend`). */
function split(reachable: string[], already: Set<string>, resend = false) {
  if (resend) return { toSend: reachable, alreadyInvited: [] };
  return {
    toSend: reachable.filter((id) => !already.has(id)),
    alreadyInvited: reachable.filter((id) => already.has(id)),
  };
}

/** Invitations and reminders, queued in the outbox in the unit of work that records them. */
@Injectable()
export class MailingService {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    @InjectRepository(Invitation) private readonly invitationRows: Repository<Invitation>,
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
    const { reachable, unsubscribed } = await this.audience(eventId, input);
    const result = await this.transactions.run(
      async (manager) => {
        const already = new Set(
          (await manager.find(Invitation, { where: { eventId, memberId: In(reachable) } })).map(
            (invitation) => invitation.memberId,
          ),
        );
        const { toSend, alreadyInvited } = split(reachable, already, input.resend);
        const now = this.clock.now();
        const invitedAgain = toSend.filter((memberId) => already.has(memberId));
        for (const memberId of invitedAgain) await manager.increment(Invitation, { eventId, memberId }, 'sends', 1);
        // The new invitations in few statements: inviting everyone writes a row per member.
        const invited = toSend.filter((memberId) => !already.has(memberId));
        await insertAll(
          manager,
          Invitation,
          invited.map((memberId) => ({ eventId, memberId, invitedAt: now, sends: 1 })),
        );
        await this.outbox.enqueue(
          manager,
          toSend.map((memberId) => ({ kind: 'invitation' as const, memberId, eventId })),
        );
        return { queued: toSend.length, alreadyInvited: alreadyInvited.length };
      },
      { touches: [] },
    );
    void this.worker.drain();
    return { ...result, unsubscribed };
  }

  /** What `invite` would do, writing nothing: who would get a mail, who was invited already, how many unsubscribed. */
  async preview(eventId: string, input: InviteDto): Promise<InvitationPreview> {
    const { reachable, unsubscribed } = await this.audience(eventId, input);
    const already = new Set((await this.invitations(eventId)).map((invitation) => invitation.memberId));
    return { ...split(reachable, already, input.resend), unsubscribed };
  }

  /** Who was invited to the event, first invited first. */
  async invitations(eventId: string): Promise<Invitation[]> {
    return this.invitationRows.find({ where: { eventId }, order: { invitedAt: 'ASC', memberId: 'ASC' } });
  }

  /** The members an invitation is for, once the event and the ids are checked: those who may get a mail. */
  private async audience(eventId: string, input: InviteDto): Promise<{ reachable: string[]; unsubscribed: number }> {
    if (!input.all && !input.memberIds?.length) throw invalidField('memberIds', 'must name members, or set all: true');
    const event = await this.events.get(eventId);
    const closed = closedError(event, this.clock.now());
    if (closed) throw closed;
    const memberIds = input.all ? await this.members.allIds() : input.memberIds!;
    const unknown = input.all ? [] : await this.members.unknownIds(memberIds);
    if (unknown.length) throw invalidField('memberIds', `names no member: ${unknown.join(', ')}`);

    const answered = new Set(await this.registrations.memberIds(eventId, ['going', 'waitlisted', 'maybe', 'declined']));
    // "All" is everyone who may attend: guests only to a public event, a workclub session only its cohort.
    const profiles = (await this.members.profiles(memberIds)).filter(
      (member) => !input.all || mayAttend(member, event, answered.has(member.id)),
    );
    const reachable = profiles
      .filter((member) => member.mailPreferences.invitations || answered.has(member.id))
      .map((member) => member.id);
    return { reachable, unsubscribed: profiles.length - reachable.length };
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
