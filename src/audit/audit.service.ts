import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, EntityManager, FindOptionsWhere, LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../common/actor';
import { Clock } from '../common/clock';
import { appendedId } from '../database/appended-id';
import { PlainSql } from '../database/plain-sql';
import { Transactions } from '../database/transactions';
import { changeOf } from './audit-change';
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

/** An entry of the trail as a handler holds it until it writes it (`claim`, `write`). */
export type TrailEntry = Readonly<AuditEntry>;

/** Requests whose handler writes their entry (`claim`). */
const CLAIMED = new WeakSet<FastifyRequest>();

/** The audit trail: who changed what through /api or /admin, and when. */
@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
    private readonly transactions: Transactions,
    private readonly sql: PlainSql,
    private readonly clock: Clock,
  ) {}

  /**
   * The entry of a change made through /api or /admin (null when the request has no actor or is no change), read
   * from its route; `createdId` names what a creation made when the route cannot.
   */
  entryOf(request: FastifyRequest, createdId: string | null = null): AuditEntry | null {
    const actor = actorOf(request);
    const change =
      actor &&
      changeOf(
        request.method,
        request.routeOptions.url ?? '',
        request.params as Record<string, string>,
        request.body,
        createdId,
      );
    if (!change) return null;
    return {
      id: appendedId(),
      at: this.clock.now(),
      actorKind: actor.kind,
      actorMemberId: actor.memberId ?? null,
      actorTokenId: actor.tokenId ?? null,
      actorName: actor.name,
      ...change,
    };
  }

  /**
   * For a handler that writes its request's entry itself (`write`) in the unit of work of its change, so that the
   * change and its trace commit together and the request waits for one commit, not two: the entry, which the
   * interceptor will then not record again.
   */
  claim(request: FastifyRequest): TrailEntry | null {
    const entry = this.entryOf(request);
    if (entry) CLAIMED.add(request);
    return entry;
  }

  write(manager: EntityManager, entry: TrailEntry): Promise<void> {
    // Plain SQL: every answer through the API is recorded.
    return this.sql.insert(manager, AuditEntry, entry);
  }

  /** Records the change a request made, after it, in a unit of work of its own; unless its handler did. */
  async recordAfter(request: FastifyRequest, createdId: string | null): Promise<void> {
    const entry = CLAIMED.has(request) ? null : this.entryOf(request, createdId);
    if (!entry) return;
    await this.transactions.run((manager) => this.write(manager, entry), { touches: [] });
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
