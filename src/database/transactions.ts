import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The one way to write. TypeORM keeps a single connection to SQLite, so two overlapping transactions would share it
 * and one could commit the other's half: on SQLite every unit of work waits its turn in this process. On PostgreSQL
 * units run side by side, and `lock` takes a row lock (SELECT ... FOR UPDATE) to serialise those that must.
 */
@Injectable()
export class Transactions {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serialised: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serialised = dataSource.options.type !== 'postgres';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialised) return this.dataSource.transaction(work);
    const turn = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Reads a row and, on PostgreSQL, locks it until the unit of work ends. */
  lock<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, id: string): Promise<T | null> {
    return manager.findOne(entity, {
      where: { id } as never,
      ...(this.serialised ? {} : { lock: { mode: 'pessimistic_write' as const } }),
    });
  }
}
