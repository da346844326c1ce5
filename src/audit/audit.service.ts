import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, FindOptionsWhere, LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { appendedId } from '../database/appended-id';
import { PlainSql } from '../database/plain-sql';
import { Transactions } from '../database/transactions';
import { Change } from './audit-change';
import { AuditEntry } from './audit-entry.entity';

export interface AuditFilter {
  kind?: string;
  thingId?: string;
  /** A member id (their sessions and their tokens), a personal token's id, or `admin-token`. */
  actor?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

/** The audit trail: who changed what through /api or /admin, and when. */
@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
    private readonly transactions: Transactions,
    private readonly sql: PlainSql,
    private readonly clock: Clock,
  ) {}

  async record(actor: Actor, change: Change): Promise<void> {
    const entry: AuditEntry = {
      id: appendedId(),
      at: this.clock.now(),
      actorKind: actor.kind,
      actorMemberId: actor.memberId ?? null,
      actorTokenId: actor.tokenId ?? null,
      actorName: actor.name,
      ...change,
    };
    // Plain SQL: every answer through the API is recorded.
    await this.transactions.run((manager) => this.sql.insert(manager, AuditEntry, entry), { touches: [] });
  }

  /** Latest first; `from` inclusive, `to` exclusive. */
  list(filter: AuditFilter): Promise<[AuditEntry[], number]> {
    const thing: FindOptionsWhere<AuditEntry> = {
      ...(filter.kind ? { thingKind: filter.kind } : {}),
      ...(filter.thingId ? { thingId: filter.thingId } : {}),
      ...(filter.from && filter.to
        ? { at: Between(filter.from, new Date(filter.to.getTime() - 1)) }
        : filter.from
          ? { at: MoreThanOrEqual(filter.from) }
          : filter.to
            ? { at: LessThan(filter.to) }
            : {}),
    };
    const actor = filter.actor;
    const where: FindOptionsWhere<AuditEntry>[] =
      actor === undefined
        ? [thing]
        : actor === 'admin-token'
          ? [{ ...thing, actorKind: 'admin-token' }]
          : [
              { ...thing, actorMemberId: actor },
              { ...thing, actorTokenId: actor },
            ];
    return this.entries.findAndCount({
      where,
      order: { at: 'DESC', id: 'ASC' },
      take: filter.limit,
      skip: filter.offset,
    });
  }
}
