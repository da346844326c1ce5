import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
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

  /** The member's reply address for the event, created with the first mail that names it. */
  async addressFor(memberId: string, eventId: string): Promise<string> {
    const existing = await this.addresses.findOneBy({ memberId, eventId });
    if (existing) return this.address(existing.token);
    const token = newToken();
    try {
      await this.transactions.run(
        (manager) => manager.insert(ReplyAddress, { token, memberId, eventId, createdAt: this.clock.now() }),
        { touches: [] },
      );
      return this.address(token);
    } catch (error) {
      // Two mails of the same event composed at once: the other one's token is the member's.
      if (!isUniqueViolation(error)) throw error;
      return this.address((await this.addresses.findOneByOrFail({ memberId, eventId })).token);
    }
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

  private address(token: string): string {
    return `${this.local}+${token}@${this.domain}`;
  }
}
