import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { mailbox } from '../calendar/ics';
import { Clock } from '../common/clock';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { ReplyAddress } from './reply-address.entity';

/** Lower-case base32: mail local parts are case-insensitive in practice. 20 characters carry 100 bits. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const TOKEN_LENGTH = 20;
const TOKEN = new RegExp(`^[${ALPHABET}]{${TOKEN_LENGTH}}$`);

function newToken(): string {
  // 256 is a multiple of 32: every character is equally likely.
  return [...randomBytes(TOKEN_LENGTH)].map((byte) => ALPHABET[byte % 32]).join('');
}

/**
 * The address `<local>+<token>@<domain>` (from MAIL_FROM) that invitations name as ORGANIZER and Reply-To: one per
 * member and event, the same in all the event's mails, so a reply says whose answer it is without trusting `From:`.
 */
@Injectable()
export class ReplyAddresses {
  private readonly local: string;
  private readonly domain: string;

  constructor(
    @InjectRepository(ReplyAddress) private readonly addresses: Repository<ReplyAddress>,
    @Inject(SETTINGS) settings: Settings,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {
    const address = mailbox(settings.mailFrom).email;
    const at = address.lastIndexOf('@');
    this.local = address.slice(0, at).toLowerCase();
    this.domain = address.slice(at + 1).toLowerCase();
  }

  /**
   * Each member's reply address for the event, by member id: those not yet named by a mail are created together, in
   * one unit of work.
   */
  async addressesFor(eventId: string, memberIds: string[]): Promise<Map<string, string>> {
    const tokens = await this.tokensOf(eventId, memberIds);
    const missing = [...new Set(memberIds)].filter((memberId) => !tokens.has(memberId));
    if (missing.length) {
      const createdAt = this.clock.now();
      const created = missing.map((memberId) => ({ token: newToken(), memberId, eventId, createdAt }));
      try {
        await this.transactions.run((manager) => manager.insert(ReplyAddress, created), { touches: [] });
        for (const { memberId, token } of created) tokens.set(memberId, token);
      } catch (error) {
        // Mails of the same event composed at once elsewhere (another process): the tokens they made are the members'.
        if (!isUniqueViolation(error)) throw error;
        return this.addressesFor(eventId, memberIds);
      }
    }
    return new Map([...tokens].map(([memberId, token]) => [memberId, this.address(token)]));
  }

  /** The token in one of our plus-addresses, or null for any other address (never a relay). */
  tokenIn(address: string): string | null {
    const lower = address.trim().toLowerCase();
    const prefix = `${this.local}+`;
    const suffix = `@${this.domain}`;
    if (!lower.startsWith(prefix) || !lower.endsWith(suffix)) return null;
    const token = lower.slice(prefix.length, lower.length - suffix.length);
    return TOKEN.test(token) ? token : null;
  }

  /** Who and what a known token stands for. */
  find(token: string): Promise<ReplyAddress | null> {
    return this.addresses.findOneBy({ token });
  }

  private async tokensOf(eventId: string, memberIds: string[]): Promise<Map<string, string>> {
    if (memberIds.length === 0) return new Map();
    const existing = await this.addresses.find({ where: { eventId, memberId: In(memberIds) } });
    return new Map(existing.map(({ memberId, token }) => [memberId, token]));
  }

  private address(token: string): string {
    return `${this.local}+${token}@${this.domain}`;
  }
}
