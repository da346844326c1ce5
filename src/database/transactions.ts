import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/**
 * The one way to write. TypeORM keeps a single connection to SQLite, so two overlapping transactions would share it
 * and one could commit the other's half: on SQLite every unit of work waits its turn in this process. On PostgreSQL
 * units run side by side, and `lock` takes a row lock (SELECT ... FOR UPDATE) to serialise those that must.
 */
@Injectable()
export class Transactions {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serialised: boolean;
  private readonly committedListeners: Array<() => void> = [];

  constructor(private readonly dataSource: DataSource) {
    this.serialised = dataSource.options.type !== 'postgres';
  }

  /** `bookkeeping: true` for writes that change nothing a reader derives (the outbox's own state): no listener runs. */
  run<T>(work: (manager: EntityManager) => Promise<T>, { bookkeeping = false } = {}): Promise<T> {
    const done = this.serialised
      ? this.queue.then(() => this.dataSource.transaction(work))
      : this.dataSource.transaction(work);
    if (this.serialised) this.queue = done.catch(() => undefined);
    return done.then((result) => {
      if (!bookkeeping) for (const listener of this.committedListeners) listener();
      return result;
    });
  }

  /** Called after every unit of work that committed (caches of derived data listen, e.g. calendar feeds). */
  onCommit(listener: () => void): void {
    this.committedListeners.push(listener);
  }

  /** Reads a row and, on PostgreSQL, locks it until the unit of work ends. */
  lock<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, id: string): Promise<T | null> {
    return manager.findOne(entity, {
      where: { id } as unknown as FindOptionsWhere<T>,
      ...(this.serialised ? {} : { lock: { mode: 'pessimistic_write' as const } }),
    });
  }
}
