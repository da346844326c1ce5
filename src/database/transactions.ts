import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { ChangeLog, EVERYTHING } from './change-log';

export interface UnitOfWorkOptions<T> {
  /**
   * The scopes of derived data this unit of work changes (see ChangeLog), bumped once it commits, or a function of
   * its result that names them; left out, it is taken to change everything; `[]` for writes no reader derives
   * anything from (the outbox's own state).
   */
  touches?: readonly string[] | ((result: T) => readonly string[]);
}

/**
 * The one way to write. TypeORM keeps a single connection to SQLite, so two overlapping transactions would share it
 * and one could commit the other's half: on SQLite every unit of work waits its turn in this process. On PostgreSQL
 * units run side by side, and `lock` takes a row lock (SELECT ... FOR UPDATE) to serialise those that must.
 */
@Injectable()
export class Transactions {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serialised: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeLog,
  ) {
    this.serialised = dataSource.options.type !== 'postgres';
  }

  run<T>(
    work: (manager: EntityManager) => Promise<T>,
    { touches = [EVERYTHING] }: UnitOfWorkOptions<T> = {},
  ): Promise<T> {
    const done = this.serialised
      ? this.queue.then(() => this.dataSource.transaction(work))
      : this.dataSource.transaction(work);
    if (this.serialised) this.queue = done.catch(() => undefined);
    return done.then((result) => {
      this.changes.bump(typeof touches === 'function' ? touches(result) : touches);
      return result;
    });
  }

  /** Reads a row and, on PostgreSQL, locks it until the unit of work ends. */
  lock<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, id: string): Promise<T | null> {
    return manager.findOne(entity, {
      where: { id } as unknown as FindOptionsWhere<T>,
      ...(this.serialised ? {} : { lock: { mode: 'pessimistic_write' as const } }),
    });
  }
}
