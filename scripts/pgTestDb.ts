/**
 * A fresh PostgreSQL database for a `TEST_DATABASE_URL` run (issue 16):
 *   TEST_DATABASE_URL=$(npx tsx scripts/pgTestDb.ts) npm test
 *   npx tsx scripts/pgTestDb.ts --drop "$TEST_DATABASE_URL"
 * The server is PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { createTestDatabase, dropTestDatabase } from "../db/pgTestDatabase";

const [flag, url] = process.argv.slice(2);
if (flag === "--drop") {
  if (!url) throw new Error("用法 usage: pgTestDb.ts --drop <url>");
  await dropTestDatabase(url);
} else {
  process.stdout.write(`${await createTestDatabase()}\n`);
}
