import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, dropTestDatabase } from "~/db/pgTestDatabase";
import { auditLog, negotiations, users } from "~/db/schema";
import { parseEnv } from "~/server/env";
import { startServer, type RunningServer } from "~/server/index";
import { DEMO_NEGOTIATION, login } from "../setup/server";

// PostgreSQL on purpose in both passes: it is about several nodes starting on one PostgreSQL database (issue 16).
describe("two nodes starting at once on one PostgreSQL database (DATABASE_URL)", () => {
  let url: string;
  let nodes: RunningServer[] = [];
  beforeAll(async () => {
    url = await createTestDatabase();
    const env = () => parseEnv({ DATABASE_URL: url, SESSION_SECRET: "test-secret-test-secret-test-secret", PORT: "0", HOST: "127.0.0.1", TONGSHANG_DEMO: "1" });
    nodes = await Promise.all([startServer({ env: env() }), startServer({ env: env() })]);
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await dropTestDatabase(url);
  });

  it("migrate and seed the demo once, and both serve it: an account signs in on either", async () => {
    const db = nodes[0].driver.db;
    const [accounts] = await db.select({ n: count() }).from(users);
    const [demo] = await db.select({ n: count() }).from(negotiations);
    // Both started: a second seed would have met the unique usernames and stopped its node.
    expect(accounts.n).toBeGreaterThan(0);
    expect((await nodes[1].driver.db.select({ n: count() }).from(negotiations))[0].n).toBe(demo.n);
    expect((await db.select({ n: count() }).from(auditLog))[0].n).toBeGreaterThan(0);
    for (const node of nodes) {
      const cookie = await login(node.url, "union.chief");
      const response = await fetch(`${node.url}/negotiations/${DEMO_NEGOTIATION}`, { headers: { Cookie: cookie } });
      expect(response.status).toBe(200);
    }
  });
});
