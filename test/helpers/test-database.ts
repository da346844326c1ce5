import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A fresh, empty database for one test app: a SQLite file in a temporary folder, or a new PostgreSQL database
 * beside the one `DATABASE_URL` names when the suite runs on PostgreSQL. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export const onPostgres = (process.env.DATABASE_URL ?? '').startsWith('postgres');

export async function createTestDatabase(): Promise<TestDatabase> {
  return onPostgres ? createPostgresDatabase(process.env.DATABASE_URL!) : createSqliteDatabase();
}

function createSqliteDatabase(): TestDatabase {
  const folder = mkdtempSync(join(tmpdir(), 'rencontres-test-'));
  return {
    url: `sqlite:${join(folder, 'rencontres.sqlite')}`,
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

async function createPostgresDatabase(baseUrl: string): Promise<TestDatabase> {
  const name = `rencontres_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(baseUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdminClient(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function withAdminClient(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
