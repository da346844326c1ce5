import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, LessThan, MoreThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Locale } from '../common/locale';
import { randomToken, sha256 } from '../common/tokens';
import { Transactions } from '../database/transactions';
import { EventResponse } from '../events/event.dto';
import { EventsService } from '../events/events.service';
import { MemberProfile, MembersService } from '../members/members.service';
import { OutboxService } from '../outbox/outbox.service';
import { CLOSED_CODES, closedError } from '../registrations/answer-window';
import { Answers } from '../registrations/answers';
import { RegistrationResponse } from '../registrations/registration.dto';
import { RegistrationsService } from '../registrations/registrations.service';
import { ASKS_PER_ADDRESS, ASKS_PER_CLIENT } from '../signin/signin.service';
import { GuestRequest } from './guest-request.entity';

/** A confirmation link works this long (and never after the event has started). */
export const VALID_HOURS = 48;
const HOUR_MS = 3_600_000;
/** The PostgreSQL advisory lock that takes guests' asks one at a time (any fixed number of our own). */
const GUEST_ASKS_LOCK = 7_411_002;

export type GuestAsk = 'sent' | 'too-many';

/** What a confirmation did: registered (now or by an earlier press), the event takes no more answers, or no such link. */
export type Confirmation = 'registered' | 'closed' | 'unknown';

/**
 * Guests' double opt-in for public events. A visitor leaves a name and an address: the ask is kept (its link
 * hashed) and a confirmation mail queued, whoever the address belongs to, so the answer never tells whether it is a
 * member's. Only the confirmation (a POST from the link's page) registers them, as the member of that address, made
 * then with `membership: "guest"` if there is none.
 */
@Injectable()
export class GuestsService {
  constructor(
    @InjectRepository(GuestRequest) private readonly requests: Repository<GuestRequest>,
    private readonly events: EventsService,
    private readonly members: MembersService,
    private readonly answers: Answers,
    private readonly registrations: RegistrationsService,
    private readonly outbox: OutboxService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Records the ask and queues its mail in one unit of work, within the same limits as sign-in mails. */
  async ask(event: EventResponse, guest: { name: string; email: string; locale: Locale }, client: string) {
    const email = guest.email.trim().toLowerCase();
    const emailHash = sha256(email);
    const clientHash = sha256(client);
    const link = randomToken();
    const id = randomUUID();
    return this.transactions.run(
      async (manager): Promise<GuestAsk> => {
        // Asks are counted and recorded one at a time, so a burst cannot slip past the limits (as sign-in does).
        if (manager.connection.options.type === 'postgres') {
          await manager.query('SELECT pg_advisory_xact_lock($1)', [GUEST_ASKS_LOCK]);
        }
        const now = this.clock.now();
        const hourAgo = MoreThan(new Date(now.getTime() - HOUR_MS));
        const byAddress = await manager.countBy(GuestRequest, { emailHash, createdAt: hourAgo });
        const byClient = await manager.countBy(GuestRequest, { clientHash, createdAt: hourAgo });
        if (byAddress >= ASKS_PER_ADDRESS || byClient >= ASKS_PER_CLIENT) return 'too-many';
        const expiresAt = new Date(Math.min(now.getTime() + VALID_HOURS * HOUR_MS, event.startsAt.getTime()));
        await manager.insert(GuestRequest, {
          id,
          eventId: event.id,
          name: guest.name,
          email,
          locale: guest.locale,
          emailHash,
          clientHash,
          tokenHash: sha256(link),
          expiresAt,
          usedAt: null,
          createdAt: now,
        });
        await this.outbox.enqueue(manager, [
          {
            kind: 'guest-confirmation',
            memberId: null,
            eventId: event.id,
            details: { guestRequestId: id, secret: { link } },
          },
        ]);
        return 'sent';
      },
      { touches: [] },
    );
  }

  /** The ask behind a link, confirmed or not; null once it expired unconfirmed. Reads only (scanners open links). */
  async find(link: string): Promise<GuestRequest | null> {
    const request = await this.requests.findOneBy({ tokenHash: sha256(link) });
    return request && (request.usedAt || request.expiresAt > this.clock.now()) ? request : null;
  }

  /** Where the guest of a confirmed ask stands now (they may have changed their answer since). */
  async registrationOf(request: GuestRequest): Promise<RegistrationResponse | null> {
    const member = await this.members.byEmail(request.email);
    return member && this.registrations.find(request.eventId, member);
  }

  /** The ask a confirmation mail is about (it may have been confirmed since). */
  byId(id: string): Promise<GuestRequest | null> {
    return this.requests.findOneBy({ id });
  }

  /**
   * Registers the guest: the member of that address (made as a guest if there is none; an existing one is used as
   * is), answering yes under the usual rules (a full event waitlists them). Pressing twice, or two presses at once,
   * give one member and one registration; the link is used up by the first confirmation that commits.
   */
  async confirm(link: string): Promise<Confirmation> {
    const request = await this.find(link);
    if (!request) return 'unknown';
    if (request.usedAt) return 'registered';
    const event = await this.events.get(request.eventId);
    // Checked before anyone is made a member, so a closed event leaves the database as it was.
    if (closedError(event, this.clock.now())) return 'closed';
    const member = await this.memberFor(request);
    try {
      await this.answers.answer(event.id, member, 'yes');
    } catch (error) {
      // Cancelled or started in between: the member stays (their address is confirmed), unregistered.
      if (error instanceof DomainError && CLOSED_CODES.includes(error.code)) return 'closed';
      throw error;
    }
    await this.transactions.run(
      (manager) => manager.update(GuestRequest, { id: request.id, usedAt: IsNull() }, { usedAt: this.clock.now() }),
      { touches: [] },
    );
    return 'registered';
  }

  /**
   * Forgets the asks that can no longer be confirmed nor counted (expired, and older than the hour the limits look
   * at): the names and addresses of people who never confirmed are not kept.
   */
  async forgetExpired(): Promise<void> {
    const now = this.clock.now();
    await this.transactions.run(
      (manager) =>
        manager.delete(GuestRequest, {
          expiresAt: LessThan(now),
          createdAt: LessThan(new Date(now.getTime() - HOUR_MS)),
        }),
      { touches: [] },
    );
  }

  private async memberFor(request: GuestRequest): Promise<MemberProfile> {
    const existing = await this.members.byEmail(request.email);
    if (existing) return existing;
    try {
      const made = await this.members.create({
        name: request.name,
        email: request.email,
        locale: request.locale,
        membership: 'guest',
      });
      return this.members.profile(made.id);
    } catch (error) {
      // The same address confirmed twice at once: the other confirmation made the member.
      if (error instanceof DomainError && error.code === ErrorCode.EMAIL_TAKEN) {
        return (await this.members.byEmail(request.email))!;
      }
      throw error;
    }
  }
}
