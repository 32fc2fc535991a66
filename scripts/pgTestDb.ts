/**
 * A fresh PostgreSQL database by hand, e.g. to start a server on (issue 16):
 *   DATABASE_URL=$(npx tsx scripts/pgTestDb.ts) SESSION_SECRET=… npm start
 *   npx tsx scripts/pgTestDb.ts --drop "$DATABASE_URL"
 * The server is PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres). The suite needs
 * none of this: with TEST_DATABASE_URL (an admin URL) each test makes and drops its own database.
 */
import { createTestDatabase, dropTestDatabase } from "~/db/pgTestDatabase";

const [flag, url] = process.argv.slice(2);
if (flag === "--drop") {
  if (!url) throw new Error("用法 usage: pgTestDb.ts --drop <url>");
  await dropTestDatabase(url);
} else {
  process.stdout.write(`${await createTestDatabase()}\n`);
}
