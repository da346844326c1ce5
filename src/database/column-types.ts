import { QueryRunner } from 'typeorm';

/** The column type of an instant in time, which differs between SQLite and PostgreSQL, so one migration serves both. */
export function instantType(queryRunner: QueryRunner): string {
  return queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
}
