import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { DatabaseSettings } from '../config/settings';
import { MIGRATIONS } from './migrations';

/** Waits this long for SQLite's write lock before failing with SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** The one set of database options, shared by the app and the migration CLI. Migrations run on start. */
export function databaseOptions(database: DatabaseSettings): DataSourceOptions {
  const common = { migrations: MIGRATIONS, migrationsRun: true, synchronize: false, logging: false };
  if (database.type === 'postgres') {
    return { ...common, type: 'postgres', url: database.url, migrationsTransactionMode: 'each' };
  }
  mkdirSync(dirname(database.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    // better-sqlite3 is built to default to synchronous=NORMAL in WAL mode, where a commit acknowledged just before a
    // power cut can be lost. FULL syncs the log at every commit; Transactions groups commits to keep that cheap.
    prepareDatabase: (connection: { pragma(source: string): unknown }) => void connection.pragma('synchronous = FULL'),
  };
}
