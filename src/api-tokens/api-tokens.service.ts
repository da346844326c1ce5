import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { randomToken, sha256 } from '../common/tokens';
import { Transactions } from '../database/transactions';
import { MembersService } from '../members/members.service';
import { ApiToken } from './api-token.entity';

/** "Last used" is written at most this often, so a busy script does not write on every call. */
const LAST_USED_PRECISION_MS = 60_000;
/** Marks a personal token in logs of scripts and in secret scanners. */
const PREFIX = 'rct_';

export type ApiTokenView = Pick<ApiToken, 'id' | 'name' | 'createdAt' | 'lastUsedAt'>;

/** Organisers' personal API tokens: accepted as Bearer on /api, revoked one by one. */
@Injectable()
export class ApiTokensService {
  constructor(
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    private readonly members: MembersService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** A new token for the organiser; the clear text is returned here once and never kept. */
  async create(memberId: string, name: string): Promise<{ token: string; view: ApiTokenView }> {
    const token = PREFIX + randomToken();
    const row: ApiToken = {
      id: randomUUID(),
      memberId,
      name,
      tokenHash: sha256(token),
      createdAt: this.clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.transactions.run((manager) => manager.insert(ApiToken, row), { touches: [] });
    return { token, view: row };
  }

  /** The organiser's tokens still valid, newest first. */
  async list(memberId: string): Promise<ApiTokenView[]> {
    return this.tokens.find({
      where: { memberId, revokedAt: IsNull() },
      select: { id: true, name: true, createdAt: true, lastUsedAt: true },
      order: { createdAt: 'DESC' },
    });
  }

  async revoke(memberId: string, id: string): Promise<void> {
    const { affected } = await this.transactions.run(
      (manager) => manager.update(ApiToken, { id, memberId, revokedAt: IsNull() }, { revokedAt: this.clock.now() }),
      { touches: [] },
    );
    if (!affected) throw notFound('API token', id);
  }

  /**
   * The actor behind a bearer token, or null. The lookup is by hash (the clear token is never compared or kept);
   * a token stops with its organiser's role.
   */
  async actorOf(token: string): Promise<Actor | null> {
    if (!token.startsWith(PREFIX)) return null;
    const row = await this.tokens.findOneBy({ tokenHash: sha256(token), revokedAt: IsNull() });
    if (!row) return null;
    const [owner] = await this.members.profiles([row.memberId]);
    if (owner?.role !== 'organiser') return null;
    const now = this.clock.now();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
      await this.transactions.run((manager) => manager.update(ApiToken, { id: row.id }, { lastUsedAt: now }), {
        touches: [],
      });
    }
    return { kind: 'api-token', memberId: owner.id, tokenId: row.id, name: row.name };
  }
}
