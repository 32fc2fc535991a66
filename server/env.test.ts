import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const SECRET = "a-shared-secret-of-32-characters";

describe("configuration for several nodes (contract: Running on several nodes; issue 16)", () => {
  it("without DATABASE_URL stays on SQLite, with a random node id and no Redis", () => {
    const env = parseEnv({ DATABASE_PATH: ":memory:" });
    expect(env.databaseUrl).toBeNull();
    expect(env.redisUrl).toBeNull();
    expect(env.nodeId).toMatch(/^node-[0-9a-f]{8}$/);
    expect(parseEnv({ DATABASE_PATH: ":memory:" }).nodeId).not.toBe(env.nodeId);
  });

  it("accepts postgres:// and postgresql:// URLs with SESSION_SECRET, NODE_ID and REDIS_URL", () => {
    for (const url of ["postgres://postgres@127.0.0.1:5432/tongshang", "postgresql://u:p@db.internal/tongshang?sslmode=require"]) {
      const env = parseEnv({ DATABASE_URL: url, SESSION_SECRET: SECRET, NODE_ID: "node-a.1", REDIS_URL: "redis://127.0.0.1:6379" });
      expect(env).toMatchObject({ databaseUrl: url, sessionSecret: SECRET, nodeId: "node-a.1", redisUrl: "redis://127.0.0.1:6379" });
    }
  });

  it("refuses a DATABASE_URL that is not PostgreSQL's, naming the variable, Chinese first", () => {
    for (const bad of ["mysql://root@127.0.0.1/tongshang", "./data/tongshang.db", "postgres://"]) {
      expect(() => parseEnv({ DATABASE_URL: bad, SESSION_SECRET: SECRET })).toThrow(/DATABASE_URL: 须为 postgres:\/\/ 或 postgresql:\/\//);
    }
  });

  it("requires SESSION_SECRET with DATABASE_URL: a clear start error naming it", () => {
    expect(() => parseEnv({ DATABASE_URL: "postgres://postgres@127.0.0.1/tongshang" })).toThrow(/SESSION_SECRET: 使用 DATABASE_URL \(PostgreSQL\) 时必须设置/);
    expect(() => parseEnv({ DATABASE_URL: "postgres://postgres@127.0.0.1/tongshang", SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET: 至少 16 个字符/);
  });

  it("refuses a malformed REDIS_URL or NODE_ID, naming the variable", () => {
    expect(() => parseEnv({ DATABASE_PATH: ":memory:", REDIS_URL: "127.0.0.1:6379" })).toThrow(/REDIS_URL: 须为 redis:\/\//);
    expect(() => parseEnv({ DATABASE_PATH: ":memory:", NODE_ID: "node a" })).toThrow(/NODE_ID: 只能包含/);
  });

  it("refuses REDIS_URL without DATABASE_URL: the nodes must share one PostgreSQL database (issue 16)", () => {
    expect(() => parseEnv({ DATABASE_PATH: ":memory:", REDIS_URL: "redis://127.0.0.1:6379" })).toThrow(/REDIS_URL: 需要同时设置 DATABASE_URL/);
  });
});
