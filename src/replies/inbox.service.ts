import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AddressObject, ParsedMail } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { IsNull, LessThan, Not, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { sha256 } from '../common/tokens';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { EventsService } from '../events/events.service';
import { OutboxService } from '../outbox/outbox.service';
import { MembersService } from '../members/members.service';
import { Response } from '../registrations/registration.entity';
import { CLOSED_CODES } from '../registrations/answer-window';
import { Answers } from '../registrations/answers';
import { RegistrationsService } from '../registrations/registrations.service';
import { readReply, responseOf } from './imip-reply';
import { InboxChannel, InboxMessage, InboxOutcome } from './inbox-message.entity';
import { InboxMessageResponse } from './inbox.dto';
import { ReplyAddresses } from './reply-addresses';

/** Raw messages are kept this long, then only what was done with them stays. */
export const RAW_KEPT_DAYS = 30;
/** A process handling a message holds it this long; past it (the process died), the next pass takes it over. */
const CLAIM_MS = 60_000;
const TEXT_KEPT = 2000;

interface Decision {
  outcome: Exclude<InboxOutcome, 'pending' | 'duplicate'>;
  reason?: string;
  response?: Response;
  /** A calendar's Yes that landed on the waitlist: the member must hear it, their calendar says "accepted". */
  waitlisted?: boolean;
}

/**
 * Messages sent to reply addresses, whichever way they came (SMTP or IMAP): each is stored, then applied once as
 * the member's answer under the rules of every answer, and kept with what was done for organisers to see.
 */
@Injectable()
export class InboxService {
  private readonly logger = new Logger('Inbox');

  constructor(
    @InjectRepository(InboxMessage) private readonly messages: Repository<InboxMessage>,
    private readonly addresses: ReplyAddresses,
    private readonly events: EventsService,
    private readonly members: MembersService,
    private readonly registrations: RegistrationsService,
    private readonly answers: Answers,
    private readonly outbox: OutboxService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** True for our plus-addresses with a token we gave out: the only recipients the SMTP listener takes. */
  async takes(recipient: string): Promise<boolean> {
    const token = this.addresses.tokenIn(recipient);
    return token !== null && (await this.addresses.find(token)) !== null;
  }

  /**
   * Stores a message and applies it; resolves once what was done is committed (only then may IMAP mark it read,
   * or SMTP say 250). A copy of a message already stored is recorded as a duplicate and changes nothing.
   */
  async receive(raw: Buffer, via: InboxChannel, envelopeRecipients: string[] = []): Promise<InboxMessage> {
    const mail = await parse(raw);
    const now = this.clock.now();
    const token =
      [...envelopeRecipients, ...recipientsIn(mail)].map((address) => this.addresses.tokenIn(address)).find(Boolean) ??
      null;
    const row: InboxMessage = {
      id: randomUUID(),
      receivedAt: now,
      via,
      messageId: clean(mail.messageId, 998),
      firstCopyOf: clean(mail.messageId, 998) ?? `sha256:${sha256(raw.toString('latin1'))}`,
      sender: clean(mail.from?.value[0]?.address, 320),
      subject: clean(mail.subject, 500),
      token,
      memberId: null,
      eventId: null,
      outcome: 'pending',
      reason: null,
      response: null,
      text: clean(mail.text?.trim(), TEXT_KEPT),
      raw: clean(raw.toString('utf8'), Infinity),
      claimedUntil: new Date(now.getTime() + CLAIM_MS),
    };
    try {
      await this.transactions.run((manager) => manager.insert(InboxMessage, row), { touches: [] });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The first copy keeps the raw message; a copy records only that it came.
      const duplicate = {
        ...row,
        firstCopyOf: null,
        outcome: 'duplicate' as const,
        reason: 'already read',
        raw: null,
        claimedUntil: null,
      };
      await this.transactions.run((manager) => manager.insert(InboxMessage, duplicate), { touches: [] });
      return duplicate;
    }
    return this.apply(row, mail);
  }

  /** Takes over messages whose process died before it finished them (a restart in the middle). */
  async resumeUnfinished(): Promise<void> {
    const now = this.clock.now();
    const unfinished = await this.messages.find({
      where: { outcome: 'pending', claimedUntil: LessThan(now) },
      order: { receivedAt: 'ASC' },
      take: 50,
    });
    for (const row of unfinished) {
      const claimedUntil = new Date(now.getTime() + CLAIM_MS);
      const claim = await this.transactions.run(
        (manager) =>
          manager.update(
            InboxMessage,
            { id: row.id, outcome: 'pending', claimedUntil: LessThan(now) },
            { claimedUntil },
          ),
        { touches: [] },
      );
      if (claim.affected !== 1) continue;
      try {
        await this.apply({ ...row, claimedUntil }, await parse(Buffer.from(row.raw ?? '')));
      } catch (error) {
        this.logger.error(`Inbox message ${row.id} is still pending: ${(error as Error).message}`);
      }
    }
  }

  /** Forgets the raw text of messages older than RAW_KEPT_DAYS; what was done with them stays. */
  async purgeRaw(): Promise<void> {
    const before = new Date(this.clock.now().getTime() - RAW_KEPT_DAYS * 86_400_000);
    await this.transactions.run(
      (manager) => manager.update(InboxMessage, { receivedAt: LessThan(before), raw: Not(IsNull()) }, { raw: null }),
      { touches: [] },
    );
  }

  /** A message as it arrived, while it is kept (RAW_KEPT_DAYS). */
  async raw(id: string): Promise<string> {
    const message = await this.messages.findOne({ where: { id }, select: { id: true, raw: true } });
    if (!message) throw notFound('Inbox message', id);
    if (message.raw === null) {
      throw new DomainError(
        ErrorCode.NOT_FOUND,
        `Inbox message ${id} is older than ${RAW_KEPT_DAYS} days: only what was done with it is kept`,
      );
    }
    return message.raw;
  }

  async list(limit: number, offset: number): Promise<{ messages: InboxMessageResponse[]; total: number }> {
    const total = await this.messages.count();
    const rows = await this.messages.find({
      order: { receivedAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
      // Everything but the raw message, which can be large.
      select: {
        id: true,
        receivedAt: true,
        via: true,
        messageId: true,
        sender: true,
        subject: true,
        memberId: true,
        eventId: true,
        outcome: true,
        reason: true,
        response: true,
        text: true,
      },
    });
    const members = await this.members.profiles([...new Set(rows.map((row) => row.memberId).filter(isSet))]);
    const events = await this.events.summaries([...new Set(rows.map((row) => row.eventId).filter(isSet))]);
    return {
      total,
      messages: rows.map((row) => {
        const member = members.find((profile) => profile.id === row.memberId);
        const event = row.eventId ? events.get(row.eventId) : undefined;
        return {
          id: row.id,
          receivedAt: row.receivedAt,
          via: row.via,
          messageId: row.messageId,
          from: row.sender,
          subject: row.subject,
          member: member ? { id: member.id, name: member.name } : null,
          event: event ? { id: event.id, title: event.title } : null,
          outcome: row.outcome,
          reason: row.reason,
          response: row.response,
          text: row.text,
        };
      }),
    };
  }

  /** Decides, answers, then records what was done (and queues the waitlist mail) in one unit of work. */
  private async apply(row: InboxMessage, mail: ParsedMail): Promise<InboxMessage> {
    const address = row.token ? await this.addresses.find(row.token) : null;
    // A failure here (the database away) leaves the message pending: the next pass finishes it.
    const decision: Decision = address
      ? await this.decide(mail, address.memberId, address.eventId)
      : { outcome: 'unknown-address', reason: 'sent to none of the reply addresses given out' };
    const done: InboxMessage = {
      ...row,
      memberId: address?.memberId ?? null,
      eventId: address?.eventId ?? null,
      outcome: decision.outcome,
      reason: decision.reason ?? null,
      response: decision.response ?? null,
      claimedUntil: null,
    };
    await this.transactions.run(
      async (manager) => {
        await manager.update(
          InboxMessage,
          { id: row.id },
          {
            memberId: done.memberId,
            eventId: done.eventId,
            outcome: done.outcome,
            reason: done.reason,
            response: done.response,
            claimedUntil: null,
          },
        );
        if (decision.waitlisted) {
          await this.outbox.enqueue(manager, [{ kind: 'waitlisted', memberId: done.memberId!, eventId: done.eventId }]);
        }
      },
      { touches: [] },
    );
    return done;
  }

  /**
   * The contract's rules: ACCEPTED/TENTATIVE/DECLINED are yes/maybe/no; a reply to an older SEQUENCE, or stamped
   * before the member's latest answer, is stale. The same answer again is applied (answering is idempotent), so a
   * message taken over after a crash ends the same way.
   */
  private async decide(mail: ParsedMail, memberId: string, eventId: string): Promise<Decision> {
    const read = readReply(mail);
    if (read.found === 'nothing') return { outcome: 'no-calendar' };
    if (read.found === 'other-calendar') {
      return { outcome: 'ignored', reason: `a calendar with METHOD:${read.method}, not a reply` };
    }
    const { reply } = read;
    const response = responseOf(reply.partstat);
    if (!response) return { outcome: 'ignored', reason: `PARTSTAT ${reply.partstat} is not an answer` };
    const event = await this.events.get(eventId).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return null;
      throw error;
    });
    if (!event) return { outcome: 'ignored', reason: 'the event no longer exists' };
    if (reply.uid !== event.uid) return { outcome: 'ignored', reason: `about another event (UID ${reply.uid})` };
    if (reply.sequence < event.sequence) {
      return {
        outcome: 'stale',
        reason: `answers version ${reply.sequence} of the event, which is now at version ${event.sequence}`,
      };
    }
    const current = await this.registrations.find(eventId, memberId);
    // DTSTAMP has whole seconds: an answer in the same second is not "older".
    const latest = current && Math.floor(current.answeredAt.getTime() / 1000) * 1000;
    if (current && current.response !== response && reply.stamp && reply.stamp.getTime() < latest!) {
      return { outcome: 'stale', reason: 'older than the member’s latest answer' };
    }
    try {
      const { registration } = await this.answers.answer(eventId, memberId, response);
      return { outcome: 'applied', response, waitlisted: response === 'yes' && registration.status === 'waitlisted' };
    } catch (error) {
      // An event that takes no more answers (cancelled, started) or a member who left: nothing to change.
      const refusals = [...CLOSED_CODES, ErrorCode.NOT_FOUND];
      if (error instanceof DomainError && refusals.includes(error.code))
        return { outcome: 'ignored', reason: error.message };
      throw error;
    }
  }
}

const isSet = (value: string | null): value is string => value !== null;

/** mailparser is loaded with the first message: at every start it would cost a quarter of a second of CPU. */
async function parse(raw: Buffer): Promise<ParsedMail> {
  const { simpleParser } = await import('mailparser');
  return simpleParser(raw);
}

/** Text from a message as a database column takes it: no NUL (PostgreSQL refuses it), at most `max` characters. */
function clean(text: string | undefined, max: number): string | null {
  return text?.replace(/\0/g, '').slice(0, max) || null;
}

/** Where a mail says it was sent: To, Cc and the headers forwarding hosts add. */
function recipientsIn(mail: ParsedMail): string[] {
  const lists = [mail.to, mail.cc].flatMap((field) => (Array.isArray(field) ? field : field ? [field] : []));
  const fromHeaders = ['delivered-to', 'x-original-to', 'envelope-to'].flatMap((name) => {
    const value = mail.headers.get(name);
    return (Array.isArray(value) ? value : [value]).filter((item) => typeof item === 'string') as string[];
  });
  return [
    ...lists.flatMap((list: AddressObject) => list.value.map((entry) => entry.address ?? '')),
    ...fromHeaders.flatMap((text) => text.split(',').map((part) => /<?([^<>\s]+@[^<>\s]+)>?/.exec(part)?.[1] ?? '')),
  ].filter(Boolean);
}
