import pg from "pg";
import { randomBytes } from "node:crypto";

/** The server the tests' fresh databases are made on (contract: 127.0.0.1:5432, user postgres). */
export const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Creates an empty database `tongshang_pg_<random>` and returns its URL. */
export async function createTestDatabase(adminUrl = PG_ADMIN_URL): Promise<string> {
  const name = `tongshang_pg_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by createTestDatabase, closing whatever connections are left on it. */
export async function dropTestDatabase(url: string, adminUrl = PG_ADMIN_URL): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^tongshang_pg_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}: not a test database`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
