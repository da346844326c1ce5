import { Injectable } from '@nestjs/common';
import { EntityManager, Not, Raw } from 'typeorm';
import { ApiToken } from '../api-tokens/api-token.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { CohortMember } from '../cohorts/cohort-member.entity';
import { SessionNote } from '../cohorts/session-note.entity';
import { sha256 } from '../common/tokens';
import { Transactions } from '../database/transactions';
import { EventHost } from '../events/event-host.entity';
import { GuestRequest } from '../guests/guest-request.entity';
import { Invitation } from '../mailing/invitation.entity';
import { ERASED_MEMBER_NAME, MembersService } from '../members/members.service';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { InboxMessage } from '../replies/inbox-message.entity';
import { ReplyAddress } from '../replies/reply-address.entity';
import { Session } from '../signin/session.entity';
import { SigninRequest } from '../signin/signin-request.entity';

/**
 * The right to erasure. Every trace that names the person goes: their profile (the member's row is emptied into an
 * anonymous one that no lookup finds), sessions, sign-in asks, API tokens, reply addresses, mails still to send
 * them, what their sent mails and inbound mail say of them, their workclub notes and project, their place as host
 * or invitee. What counts stays, without the person: their registrations (and the events' counts, waitlists and
 * check-ins built on them), their seats at tables and their place in a cohort keep pointing to the emptied row,
 * shown as ERASED_MEMBER_NAME. Every link they were sent (RSVP, feed, unsubscribe) answers 404, and their address may
 * join again later as a new member.
 *
 * It touches the tables of several modules in one unit of work, so that a failure halfway erases nothing; this is
 * the one place that knows every table holding a member.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly members: MembersService,
    private readonly transactions: Transactions,
  ) {}

  /** Erases the member; 404 when there is none (already erased). */
  async erase(memberId: string): Promise<void> {
    const { email } = await this.members.profile(memberId);
    await this.transactions.run(async (manager) => {
      await this.forgetAccess(manager, memberId, email);
      await this.forgetMail(manager, memberId, email);
      await this.forgetParticipation(manager, memberId);
      await this.members.erase(manager, memberId);
    });
  }

  /** Nothing left to sign in with or act as them. */
  private async forgetAccess(manager: EntityManager, memberId: string, email: string): Promise<void> {
    await manager.delete(Session, { memberId });
    // Asks made before the address was a member's carry its hash only, but they are still about this person.
    await manager.delete(SigninRequest, { memberId });
    await manager.delete(SigninRequest, { emailHash: sha256(email) });
    // A guest's ask to register holds their name and address until it is confirmed or expires.
    await manager.delete(GuestRequest, { email });
    await manager.delete(ApiToken, { memberId });
    // The trail keeps what an erased organiser did, not their name.
    await manager.update(AuditEntry, { actorMemberId: memberId }, { actorName: ERASED_MEMBER_NAME });
  }

  /** No mail waits for them, none names them, and what they wrote to us is gone. */
  private async forgetMail(manager: EntityManager, memberId: string, email: string): Promise<void> {
    await manager.delete(OutboxMessage, { memberId, status: 'pending' });
    await manager.update(
      OutboxMessage,
      { memberId, status: Not('pending') },
      { recipient: null, subject: null, details: {}, lastError: null },
    );
    await manager.delete(ReplyAddress, { memberId });
    const forgotten = { sender: null, subject: null, text: null, raw: null, token: null };
    await manager.update(InboxMessage, { memberId }, { ...forgotten, memberId: null });
    // Mail from their address to a token that was not theirs (or to none) holds them all the same.
    const fromThem = Raw((column) => `LOWER(${column}) = :email`, { email });
    await manager.update(InboxMessage, { sender: fromThem }, forgotten);
  }

  /** Their answers stay, anonymous; what they wrote or were named for goes. */
  private async forgetParticipation(manager: EntityManager, memberId: string): Promise<void> {
    await manager.delete(EventHost, { memberId });
    await manager.delete(Invitation, { memberId });
    await manager.delete(SessionNote, { memberId });
    await manager.update(CohortMember, { memberId }, { projectTitle: '', projectGoal: null, helpNeeded: null });
  }
}
