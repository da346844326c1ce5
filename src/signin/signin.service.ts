import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomInt, randomUUID } from 'node:crypto';
import { EntityManager, IsNull, LessThan, MoreThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { randomToken, sameSecret, sha256 } from '../common/tokens';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Transactions } from '../database/transactions';
import { MemberProfile, MembersService } from '../members/members.service';
import { OutboxService } from '../outbox/outbox.service';
import { SpaceService } from '../space/space.service';
import { SessionsService } from './sessions.service';
import { SigninRequest } from './signin-request.entity';

/** A link or a code works this long. */
export const VALID_MINUTES = 15;
/** Sign-in mails asked in an hour, per address and per client: room for people, none for a flood. */
export const ASKS_PER_ADDRESS = 5;
export const ASKS_PER_CLIENT = 30;
/** A code stops working after this many wrong tries. */
export const MAX_CODE_TRIES = 5;
const HOUR_MS = 3_600_000;
/** The PostgreSQL advisory lock that takes sign-in asks one at a time (any fixed number of our own). */
const SIGNIN_ASKS_LOCK = 7_411_001;

export type AskOutcome = 'sent' | 'too-many';

/** The sign-in that a link or a code opened: the member and the new session's id (for the cookie). */
export interface SignedIn {
  member: MemberProfile;
  sessionId: string;
}

/**
 * Sign-in without a password: a mail with a single-use link and a 6-digit code, both valid 15 minutes and stored
 * hashed. An unknown address is answered the same way, and gets no mail.
 */
@Injectable()
export class SigninService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Rencontres');

  constructor(
    @InjectRepository(SigninRequest) private readonly requests: Repository<SigninRequest>,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly members: MembersService,
    private readonly sessions: SessionsService,
    private readonly outbox: OutboxService,
    private readonly space: SpaceService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!(await this.members.hasOrganiser())) {
      this.logger.warn(
        'No organiser yet: make one with `npm run organiser -- <email> [name]`, which prints a sign-in link.',
      );
    }
  }

  /**
   * Records the ask and, for a member, queues the mail in the same unit of work. Known and unknown addresses take
   * the same path (one row, no mail for the unknown), so neither the answer nor its time tells them apart.
   */
  async ask(email: string, client: string): Promise<AskOutcome> {
    const emailHash = sha256(email.trim().toLowerCase());
    const clientHash = sha256(client);
    const member = await this.members.byEmail(email);
    const link = randomToken();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const id = randomUUID();
    return this.transactions.run(
      async (manager) => {
        // Asks are counted and recorded one at a time, so a burst cannot slip past the limits (SQLite units of work
        // already take turns; on PostgreSQL a lock held until the commit).
        if (manager.connection.options.type === 'postgres') {
          await manager.query('SELECT pg_advisory_xact_lock($1)', [SIGNIN_ASKS_LOCK]);
        }
        const now = this.clock.now();
        const hourAgo = MoreThan(new Date(now.getTime() - HOUR_MS));
        const byAddress = await manager.countBy(SigninRequest, { emailHash, createdAt: hourAgo });
        const byClient = await manager.countBy(SigninRequest, { clientHash, createdAt: hourAgo });
        if (byAddress >= ASKS_PER_ADDRESS || byClient >= ASKS_PER_CLIENT) return 'too-many' as const;
        await manager.insert(SigninRequest, {
          id,
          emailHash,
          clientHash,
          memberId: member?.id ?? null,
          tokenHash: member ? sha256(link) : null,
          codeHash: member ? this.codeHash(id, code) : null,
          codeTries: 0,
          expiresAt: new Date(now.getTime() + VALID_MINUTES * 60_000),
          usedAt: null,
          createdAt: now,
        });
        if (member) {
          await this.outbox.enqueue(manager, [
            { kind: 'signin', memberId: member.id, eventId: null, details: { secret: { link, code } } },
          ]);
        }
        return 'sent' as const;
      },
      { touches: [] },
    );
  }

  /** A link for the member without a mail (`npm run organiser`): single use, valid 15 minutes like the others. */
  async linkFor(member: MemberProfile): Promise<string> {
    const link = randomToken();
    const now = this.clock.now();
    await this.transactions.run(
      (manager) =>
        manager.insert(SigninRequest, {
          id: randomUUID(),
          emailHash: sha256(member.email),
          clientHash: sha256('organiser-script'),
          memberId: member.id,
          tokenHash: sha256(link),
          codeHash: null,
          codeTries: 0,
          expiresAt: new Date(now.getTime() + VALID_MINUTES * 60_000),
          usedAt: null,
          createdAt: now,
        }),
      { touches: [] },
    );
    return this.linkUrl(link);
  }

  linkUrl(link: string): string {
    return `${this.settings.publicUrl}/signin/${link}`;
  }

  /** Whether the link would sign someone in now; reads only (GET /signin/<token> changes nothing). */
  async linkIsValid(link: string): Promise<boolean> {
    const row = await this.requests.findOneBy({ tokenHash: sha256(link) });
    return !!row && this.open(row);
  }

  /** Uses the link: marks it used and opens a session, in one unit of work; null if used, expired or unknown. */
  async signInWithLink(link: string): Promise<SignedIn | null> {
    const row = await this.requests.findOneBy({ tokenHash: sha256(link) });
    if (!row || !this.open(row)) return null;
    return this.use(row);
  }

  /**
   * Tries the code against every open ask of the address. Each try is counted before the comparison, by a
   * conditional update, so parallel guesses cannot exceed MAX_CODE_TRIES.
   */
  async signInWithCode(email: string, code: string): Promise<SignedIn | null> {
    const now = this.clock.now();
    const candidates = await this.requests.findBy({
      emailHash: sha256(email.trim().toLowerCase()),
      usedAt: IsNull(),
      expiresAt: MoreThan(now),
      codeTries: LessThan(MAX_CODE_TRIES),
    });
    for (const row of candidates.filter((candidate) => candidate.codeHash)) {
      const counted = await this.transactions.run(
        (manager) =>
          manager
            .createQueryBuilder()
            .update(SigninRequest)
            .set({ codeTries: () => '"codeTries" + 1' })
            .where({ id: row.id, usedAt: IsNull(), codeTries: LessThan(MAX_CODE_TRIES) })
            .execute(),
        { touches: [] },
      );
      if (!counted.affected) continue;
      if (sameSecret(this.codeHash(row.id, code), row.codeHash!)) return this.use(row);
    }
    return null;
  }

  private open(row: SigninRequest): boolean {
    return !row.usedAt && !!row.memberId && row.expiresAt > this.clock.now();
  }

  /** Single use: only the unit of work whose conditional update takes the row opens a session. */
  private async use(row: SigninRequest): Promise<SignedIn | null> {
    const now = this.clock.now();
    const sessionId = await this.transactions.run(
      async (manager: EntityManager) => {
        const taken = await manager.update(
          SigninRequest,
          { id: row.id, usedAt: IsNull(), expiresAt: MoreThan(now) },
          { usedAt: now },
        );
        return taken.affected ? this.sessions.open(manager, row.memberId!) : null;
      },
      { touches: [] },
    );
    if (!sessionId) return null;
    return { member: await this.members.profile(row.memberId!), sessionId };
  }

  /** Keyed with the space's secret: a stolen table does not give the code by trying the million of them. */
  private codeHash(requestId: string, code: string): string {
    return this.space.keyedHash('signin-code', `${requestId}:${code}`);
  }
}
