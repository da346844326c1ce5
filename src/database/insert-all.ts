import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Rows one INSERT writes at most: SQLite binds at most 32,766 parameters in a statement and PostgreSQL 65,535, so 500
 * rows of up to 65 columns stay under both (inviting 3,000 members writes 3,000 outbox rows of 15 columns).
 */
const ROWS_PER_INSERT = 500;

/** Inserts many rows in few statements, inside the caller's unit of work. */
export async function insertAll<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await manager.insert(entity, rows.slice(start, start + ROWS_PER_INSERT));
  }
}
