import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ChangeLog, EVERYTHING } from './change-log';
import { PlainSql } from './plain-sql';

export interface UnitOfWorkOptions<T> {
  /**
   * The scopes of derived data this unit of work changes (see ChangeLog), bumped once it commits, or a function of
   * its result that names them; left out, it is taken to change everything; `[]` for writes no reader derives
   * anything from (the outbox's own state).
   */
  touches?: readonly string[] | ((result: T) => readonly string[]);
}

interface Unit {
  work: (manager: EntityManager) => Promise<unknown>;
  /** Called once the unit is committed. */
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { result: unknown } | { error: unknown };

async function attempt(work: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { result: await work() };
  } catch (error) {
    return { error };
  }
}

/** Units of work committed together at most; a longer queue waits for the next commit. */
const MAX_UNITS_PER_COMMIT = 100;

/**
 * The one way to write, with group commit. A commit waits for the disk (fsync) and costs far more than the writes
 * of an answer; so the units of work waiting their turn run one after the other in one transaction, each inside
 * its own savepoint (one that fails rolls back only itself), and one COMMIT makes them all durable. Each caller
 * hears of its unit only after that COMMIT: an acknowledged write survives a power cut.
 *
 * Units run one at a time in this process (TypeORM shares a single connection to SQLite, so they could not
 * overlap anyway). On PostgreSQL, `lock` takes a row lock (SELECT ... FOR UPDATE) that keeps other processes out.
 */
@Injectable()
export class Transactions {
  private waiting: Unit[] = [];
  private busy = false;
  private readonly postgres: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeLog,
    private readonly sql: PlainSql,
  ) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  run<T>(
    work: (manager: EntityManager) => Promise<T>,
    { touches = [EVERYTHING] }: UnitOfWorkOptions<T> = {},
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const committed = (result: T) => {
        try {
          this.changes.bump(typeof touches === 'function' ? touches(result) : touches);
          resolve(result);
        } catch (error) {
          reject(error);
        }
      };
      this.waiting.push({ work, resolve: committed as (result: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Reads a row and, on PostgreSQL, locks it until the unit of work ends. */
  async lock<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, id: string): Promise<T | null> {
    const [row] = await this.sql.find(manager, entity, this.postgres ? '"id" = ? FOR UPDATE' : '"id" = ?', [id]);
    return row ?? null;
  }

  /**
   * The next commit starts once the requests already received have queued their units (setImmediate runs after
   * pending I/O), so that they share it.
   */
  private schedule(): void {
    if (this.busy || this.waiting.length === 0) return;
    this.busy = true;
    setImmediate(() => {
      const units = this.waiting.splice(0, MAX_UNITS_PER_COMMIT);
      void this.commit(units).finally(() => {
        this.busy = false;
        this.schedule();
      });
    });
  }

  private async commit(units: Unit[]): Promise<void> {
    const outcomes: Outcome[] = [];
    try {
      await this.dataSource.transaction(async (manager) => {
        // Alone, a unit is the whole transaction: its failure rolls everything back without a savepoint.
        if (units.length === 1) return outcomes.push({ result: await units[0].work(manager) });
        await manager.query('SAVEPOINT unit_of_work');
        for (const [index, unit] of units.entries()) {
          const outcome = await attempt(() => unit.work(manager));
          outcomes.push(outcome);
          // A unit that failed rolls back only itself. Should the rollback fail, the whole transaction is rolled back:
          // the units fail, nothing is half-done. The next unit's savepoint goes in the same round trip.
          await this.together(manager, [
            ...('error' in outcome ? ['ROLLBACK TO SAVEPOINT unit_of_work'] : []),
            'RELEASE SAVEPOINT unit_of_work',
            ...(index < units.length - 1 ? ['SAVEPOINT unit_of_work'] : []),
          ]);
        }
      });
    } catch (error) {
      // Nothing of these units was committed; a unit's own error is the one its caller hears of.
      for (const [index, unit] of units.entries()) {
        const outcome = outcomes[index];
        unit.reject(outcome && 'error' in outcome ? outcome.error : error);
      }
      return;
    }
    for (const [index, unit] of units.entries()) {
      const outcome = outcomes[index];
      if ('error' in outcome) unit.reject(outcome.error);
      else unit.resolve(outcome.result);
    }
  }

  /** Statements without parameters: one query on PostgreSQL (one round trip); better-sqlite3 takes one at a time. */
  private async together(manager: EntityManager, statements: string[]): Promise<void> {
    if (this.postgres) return void (await manager.query(statements.join('; ')));
    for (const statement of statements) await manager.query(statement);
  }
}
