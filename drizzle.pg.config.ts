import { defineConfig } from "drizzle-kit";

/** PostgreSQL migrations (ADR 026): `npx drizzle-kit generate --config drizzle.pg.config.ts --name <x>`. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.pg.ts",
  out: "./db/migrations-pg",
});
