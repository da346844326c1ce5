import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

/**
 * Plain SQL for the hot path of an answer, where building each query with TypeORM cost more CPU than the database
 * spent running it. Statements are written with `?` placeholders and prepared once (better-sqlite3 through
 * TypeORM's statement cache, PostgreSQL as named statements); values are written and read through the entity's
 * column metadata, so they are stored exactly as TypeORM stores them.
 */
@Injectable()
export class PlainSql {
  private readonly statements = new Map<string, { name: string; text: string }>();
  private readonly postgres: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** The rows of `entity`'s table matching `where` (SQL with `?` placeholders), as entities. */
  async find<T extends ObjectLiteral>(
    manager: EntityManager,
    entity: EntityTarget<T>,
    where: string,
    parameters: unknown[],
  ): Promise<T[]> {
    const metadata = this.dataSource.getMetadata(entity);
    const sql = this.text(`SELECT * FROM ${this.table(metadata)} WHERE ${where}`);
    const rows: Record<string, unknown>[] = await manager.query(sql, parameters);
    return rows.map((row) => this.hydrate<T>(metadata, row));
  }

  /**
   * `column` among a list of values given as one parameter (`oneOf`): one statement whatever the list's length, where
   * `IN (?, ?, ...)` made a statement (and, on PostgreSQL, a named one per connection) for each length.
   */
  among(column: string): string {
    return this.postgres ? `${column} = ANY(?)` : `${column} IN (SELECT value FROM json_each(?))`;
  }

  /** The parameter of `among`: an array for PostgreSQL, JSON text for SQLite's json_each. */
  oneOf(values: readonly string[]): unknown {
    return this.postgres ? values : JSON.stringify(values);
  }

  /** The one number a `SELECT COUNT(*) ...` gives. */
  async count(manager: EntityManager, sql: string, parameters: unknown[]): Promise<number> {
    const [row]: Record<string, unknown>[] = await manager.query(this.text(sql), parameters);
    return Number(Object.values(row)[0]);
  }

  async insert<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, row: T): Promise<void> {
    const metadata = this.dataSource.getMetadata(entity);
    const columns = metadata.columns.filter((column) => row[column.propertyName] !== undefined);
    const names = columns.map((column) => this.dataSource.driver.escape(column.databaseName));
    const sql = `INSERT INTO ${this.table(metadata)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
    await manager.query(this.text(sql), this.values(metadata, row, columns));
  }

  /** Writes `fields` of the row whose primary key `id` is. */
  async update<T extends ObjectLiteral>(
    manager: EntityManager,
    entity: EntityTarget<T>,
    id: string,
    fields: Partial<T>,
  ): Promise<void> {
    const metadata = this.dataSource.getMetadata(entity);
    const columns = metadata.columns.filter((column) => fields[column.propertyName] !== undefined);
    const [key] = metadata.primaryColumns;
    const set = columns.map((column) => `${this.dataSource.driver.escape(column.databaseName)} = ?`).join(', ');
    const sql = `UPDATE ${this.table(metadata)} SET ${set} WHERE ${this.dataSource.driver.escape(key.databaseName)} = ?`;
    await manager.query(this.text(sql), [...this.values(metadata, fields, columns), id]);
  }

  private table(metadata: EntityMetadata): string {
    return this.dataSource.driver.escape(metadata.tableName);
  }

  private values(metadata: EntityMetadata, row: ObjectLiteral, columns = metadata.columns): unknown[] {
    return columns.map((column) => this.dataSource.driver.preparePersistentValue(row[column.propertyName], column));
  }

  private hydrate<T>(metadata: EntityMetadata, row: Record<string, unknown>): T {
    const entity = metadata.create() as Record<string, unknown>;
    for (const column of metadata.columns) {
      entity[column.propertyName] = this.dataSource.driver.prepareHydratedValue(row[column.databaseName], column);
    }
    return entity as T;
  }

  /**
   * The statement as the driver takes it. For PostgreSQL, `?` becomes `$1`, `$2`... and the statement gets a name,
   * once per text: TypeORM hands the query to pg as given, and pg parses a named statement once per connection.
   */
  private text(sql: string): string {
    if (!this.postgres) return sql;
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      let index = 0;
      statement = { name: `plain_${this.statements.size + 1}`, text: sql.replace(/\?/g, () => `$${++index}`) };
      this.statements.set(sql, statement);
    }
    return statement as unknown as string;
  }
}
