import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EntityManager, LessThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { randomToken, sameSecret, sha256 } from '../common/tokens';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Transactions } from '../database/transactions';
import { MembersService } from '../members/members.service';
import { SpaceService } from '../space/space.service';
import { Session } from './session.entity';
import { SigninRequest } from './signin-request.entity';
import { Visitor } from './visitor';

export const SESSION_COOKIE = 'rencontres_session';
/** A session not used for this long is over. */
export const IDLE_DAYS = 30;
const DAY_MS = 86_400_000;
/** How often "last seen" is written: enough for a 30-day idle expiry, without a write on every page. */
const LAST_SEEN_PRECISION_MS = 3_600_000;

/** Signed-in browsers: an opaque random id in a cookie, its SHA-256 in the session table. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly members: MembersService,
    private readonly space: SpaceService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** A new session for the member, inside the caller's unit of work (the sign-in that uses the link or code). */
  async open(manager: EntityManager, memberId: string): Promise<string> {
    const id = randomToken();
    const now = this.clock.now();
    await manager.insert(Session, { idHash: sha256(id), memberId, createdAt: now, lastSeenAt: now });
    return id;
  }

  /** The visitor behind the request's cookie, or undefined (no cookie, unknown, or idle too long). */
  async visitor(request: FastifyRequest, reply: FastifyReply): Promise<Visitor | undefined> {
    const id = request.cookies?.[SESSION_COOKIE];
    if (!id) return undefined;
    const idHash = sha256(id);
    const session = await this.sessions.findOneBy({ idHash });
    const now = this.clock.now();
    if (!session || now.getTime() - session.lastSeenAt.getTime() > IDLE_DAYS * DAY_MS) return undefined;
    const [member] = await this.members.profiles([session.memberId]);
    if (!member) return undefined;
    if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_PRECISION_MS) {
      await this.transactions.run((manager) => manager.update(Session, { idHash }, { lastSeenAt: now }), {
        touches: [],
      });
      this.setCookie(reply, id);
    }
    return { member, sessionHash: idHash, csrf: this.csrfToken(idHash) };
  }

  setCookie(reply: FastifyReply, id: string): void {
    reply.setCookie(SESSION_COOKIE, id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.settings.publicUrl.startsWith('https:'),
      maxAge: IDLE_DAYS * 86_400,
    });
  }

  clearCookie(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.settings.publicUrl.startsWith('https:'),
    });
  }

  async end(visitor: Visitor): Promise<void> {
    await this.transactions.run((manager) => manager.delete(Session, { idHash: visitor.sessionHash }), {
      touches: [],
    });
  }

  /** Signs the member out of every browser. */
  async endAll(memberId: string): Promise<void> {
    await this.transactions.run((manager) => manager.delete(Session, { memberId }), { touches: [] });
  }

  /** Forgets sessions idle too long, and sign-in asks past the hour the limits count. */
  async forgetExpired(): Promise<void> {
    const now = this.clock.now().getTime();
    await this.transactions.run(
      async (manager) => {
        await manager.delete(Session, { lastSeenAt: LessThan(new Date(now - IDLE_DAYS * DAY_MS)) });
        await manager.delete(SigninRequest, { createdAt: LessThan(new Date(now - DAY_MS)) });
      },
      { touches: [] },
    );
  }

  /** Bound to the session: an HMAC of its hash with the space's secret, so a page of another site cannot know it. */
  csrfToken(sessionHash: string): string {
    return this.space.keyedHash('csrf', sessionHash);
  }

  isCsrfToken(visitor: Visitor, token: unknown): boolean {
    return typeof token === 'string' && sameSecret(token, visitor.csrf);
  }
}
