import { Injectable } from '@nestjs/common';
import { AuditService, TrailEntry } from '../audit/audit.service';
import { Transactions } from '../database/transactions';
import { MemberProfile, MembersService, memberScope } from '../members/members.service';
import { MailOrder, OutboxService } from '../outbox/outbox.service';
import { Response } from './registration.entity';
import { AnswerOutcome, RegistrationsService } from './registrations.service';

/** The mails that tell members a freed seat is theirs. */
export function promotions(eventId: string, memberIds: string[]): MailOrder[] {
  return memberIds.map((memberId) => ({ kind: 'promotion', memberId, eventId }));
}

/** The ChangeLog scope of one event's seats and answers (what its public page shows of them). */
export const seatsScope = (eventId: string) => `seats:${eventId}`;

/**
 * A member answers (through the API or their RSVP link) or is removed. In one unit of work: the event is locked,
 * the answer written, a seat it frees given to the first in line, and their "a seat for you" mail queued.
 */
@Injectable()
export class Answers {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly members: MembersService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  /**
   * `member` as a profile when the caller has read it already (an RSVP link names them); `trail`, the audit entry
   * of an answer through the API, written with it.
   */
  async answer(
    eventId: string,
    member: string | MemberProfile,
    response: Response,
    trail: TrailEntry | null = null,
  ): Promise<AnswerOutcome> {
    const profile = typeof member === 'string' ? await this.members.profile(member) : member;
    return this.transactions.run(
      async (manager) => {
        const outcome = await this.registrations.answer(manager, eventId, profile, response);
        await this.outbox.enqueue(manager, promotions(eventId, outcome.promoted));
        if (trail) await this.audit.write(manager, trail);
        return outcome;
      },
      { touches: (outcome) => [...outcome.changed.map(memberScope), seatsScope(eventId)] },
    );
  }

  async remove(eventId: string, memberId: string): Promise<void> {
    await this.transactions.run(
      async (manager) => {
        const promoted = await this.registrations.remove(manager, eventId, memberId);
        await this.outbox.enqueue(manager, promotions(eventId, promoted));
        return [memberId, ...promoted];
      },
      { touches: (changed) => [...changed.map(memberScope), seatsScope(eventId)] },
    );
  }
}
