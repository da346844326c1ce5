import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, EntityManager, In, IsNull, LessThan, LessThanOrEqual, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { appendedId } from '../database/appended-id';
import { insertAll } from '../database/insert-all';
import { PlainSql } from '../database/plain-sql';
import { Transactions } from '../database/transactions';
import { MailDetails, MailKind, OutboxMessage, OutboxStatus } from './outbox-message.entity';

/** After this many temporary failures a mail is given up and shown to organisers as failed. */
export const MAX_ATTEMPTS = 10;
/** Retries wait retrySeconds × 2^attempts, at most this long. */
const MAX_RETRY_DELAY_MS = 6 * 3600 * 1000;

/** A row, and the changes that say what became of its mail. */
export interface Outcome {
  row: OutboxMessage;
  changes: Partial<OutboxMessage>;
}

export interface MailOrder {
  kind: MailKind;
  memberId: string | null;
  eventId: string | null;
  details?: MailDetails;
}

/** The outbox table: rows written with the change that causes them, claimed by one worker at a time. */
@Injectable()
export class OutboxService implements OnApplicationBootstrap {
  /** This process, in the rows it claims. */
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly sql: PlainSql,
    private readonly clock: Clock,
  ) {}

  /** One SQLite file has one server process: claims left by a process that died are free at once. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.dataSource.options.type === 'postgres') return;
    await this.transactions.run((manager) =>
      manager.update(OutboxMessage, { status: 'pending' }, { claimedUntil: null, claimedBy: null }),
    );
  }

  /** Inside the caller's unit of work, so the mails exist exactly when the change does. */
  async enqueue(manager: EntityManager, orders: MailOrder[]): Promise<void> {
    if (orders.length === 0) return;
    const now = this.clock.now();
    await insertAll(
      manager,
      OutboxMessage,
      orders.map((order) => ({
        id: appendedId(),
        kind: order.kind,
        memberId: order.memberId,
        eventId: order.eventId,
        details: order.details ?? {},
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: now,
        claimedUntil: null,
        claimedBy: null,
        lastError: null,
        recipient: null,
        subject: null,
        createdAt: now,
        sentAt: null,
      })),
    );
  }

  /**
   * Claims up to `limit` due rows for this worker with one conditional UPDATE that only takes rows nobody holds:
   * two workers (two processes on one PostgreSQL) never take the same row, and each row is taken once.
   */
  async claim(limit: number): Promise<OutboxMessage[]> {
    const now = this.clock.now();
    const due = await this.outbox.find({
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(now) },
      order: { nextAttemptAt: 'ASC', createdAt: 'ASC' },
      take: limit * 2,
      select: { id: true, claimedUntil: true },
    });
    const ids = due
      .filter((row) => !row.claimedUntil || row.claimedUntil < now)
      .slice(0, limit)
      .map((row) => row.id);
    if (ids.length === 0) return [];
    const until = new Date(now.getTime() + this.settings.outbox.leaseSeconds * 1000);
    await this.transactions.run(
      (manager) =>
        manager
          .createQueryBuilder()
          .update(OutboxMessage)
          .set({ claimedUntil: until, claimedBy: this.workerId })
          .where({ id: In(ids), status: 'pending' })
          .andWhere(
            new Brackets((free) => free.where({ claimedUntil: IsNull() }).orWhere({ claimedUntil: LessThan(now) })),
          )
          .execute(),
      { touches: [] },
    );
    return this.outbox.find({ where: { id: In(ids), claimedBy: this.workerId, claimedUntil: until } });
  }

  /** What becomes of a row its mail was sent for. */
  sent(row: OutboxMessage, recipient: string, subject: string): Outcome {
    return { row, changes: { status: 'sent', sentAt: this.clock.now(), recipient, subject, lastError: null } };
  }

  /** What becomes of a row whose mail is not to be sent (the member left, or unsubscribed). */
  skipped(row: OutboxMessage, why: string): Outcome {
    return { row, changes: { status: 'skipped', lastError: why } };
  }

  /** A temporary failure waits longer each time; a permanent one, or too many, is failed for good. */
  failed(row: OutboxMessage, error: string, permanent: boolean): Outcome {
    const attempts = row.attempts + 1;
    const delay = Math.min(this.settings.outbox.retrySeconds * 1000 * 2 ** row.attempts, MAX_RETRY_DELAY_MS);
    const givenUp = permanent || attempts >= MAX_ATTEMPTS;
    return {
      row,
      changes: {
        status: givenUp ? 'failed' : 'pending',
        attempts,
        lastError: error.slice(0, 2000),
        nextAttemptAt: new Date(this.clock.now().getTime() + delay),
      },
    };
  }

  /** Writes what became of a row's mail and releases its claim. */
  async record({ row, changes }: Outcome): Promise<void> {
    await this.transactions.run((manager) => this.release(manager, row, changes), { touches: [] });
  }

  list(status: OutboxStatus | undefined, limit: number, offset: number): Promise<[OutboxMessage[], number]> {
    return this.outbox.findAndCount({
      where: status ? { status } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
  }

  /** Sends a failed mail again, from scratch. */
  async retry(id: string): Promise<OutboxMessage> {
    const row = await this.outbox.findOneBy({ id });
    if (!row) throw notFound('Mail', id);
    await this.transactions.run(
      (manager) => this.release(manager, row, { status: 'pending', attempts: 0, nextAttemptAt: this.clock.now() }),
      { touches: [] },
    );
    return this.outbox.findOneByOrFail({ id });
  }

  /** Sent mails that were written to local files, newest first. */
  sentLocally(limit: number): Promise<OutboxMessage[]> {
    return this.outbox.find({ where: { status: 'sent' }, order: { sentAt: 'DESC' }, take: limit });
  }

  /**
   * Frees the row; a mail done with (sent, skipped, failed) forgets the secret it carried (a sign-in link and code).
   * A prepared statement: the worker writes one per mail, and building it with the query builder cost more than
   * running it.
   */
  private async release(manager: EntityManager, row: OutboxMessage, changes: Partial<OutboxMessage>): Promise<void> {
    const done = changes.status !== undefined && changes.status !== 'pending';
    const { secret, ...details } = row.details;
    const forget = done && secret ? { details } : {};
    await this.sql.update(manager, OutboxMessage, row.id, {
      ...changes,
      ...forget,
      claimedUntil: null,
      claimedBy: null,
    });
  }
}
