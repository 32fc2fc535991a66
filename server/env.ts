import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { parseProxyEntry } from "./http/proxyTrust";

/** The whole configuration, parsed once at boot: a bad setting fails at start (contract: all optional). */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("./data/tongshang.db"),
  /** PostgreSQL instead of DATABASE_PATH's SQLite (contract: Running on several nodes; ADR 026). */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, "须为 postgres:// 或 postgresql:// 开头的连接地址 (must be a postgres:// or postgresql:// URL)")
    .optional(),
  SESSION_SECRET: z.string().min(16, "至少 16 个字符 (must be at least 16 characters)").optional(),
  /** Names this node in Redis messages (echo suppression) and logs; random when unset. */
  NODE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "只能包含字母、数字、. _ -，最多 64 个字符 (letters, digits, . _ - only, at most 64)").optional(),
  /** Redis between the nodes (parsed here; used by the cluster relay). */
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, "须为 redis:// 或 rediss:// 开头的连接地址 (must be a redis:// or rediss:// URL)").optional(),
  TONGSHANG_DEMO: z.enum(["0", "1"]).default("1"),
  NODE_ENV: z.string().default("production"),
  /** Reverse proxies whose X-Forwarded-For/-Host/-Proto are believed: addresses or CIDR subnets, comma-separated (docs/SPEC.md X-6). */
  TRUST_PROXY: z
    .string()
    .default("")
    .transform((list) => list.split(",").map((entry) => entry.trim()).filter((entry) => entry.length > 0))
    .superRefine((entries, ctx) => {
      for (const entry of entries) {
        if (!parseProxyEntry(entry)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${entry}" is not an IP address or CIDR subnet (e.g. 127.0.0.1, ::1, 10.0.0.0/8)` });
      }
    }),
}).superRefine((e, ctx) => {
  // Several nodes must agree on the secret that signs sessions: none may generate its own.
  if (e.DATABASE_URL && !e.SESSION_SECRET) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["SESSION_SECRET"], message: "使用 DATABASE_URL (PostgreSQL) 时必须设置 (required when DATABASE_URL is set: every node must share it)" });
  }
  // Redis relays news of commits; the nodes must share the database those commits are in.
  if (e.REDIS_URL && !e.DATABASE_URL) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["REDIS_URL"], message: "需要同时设置 DATABASE_URL：多个节点必须共用一个 PostgreSQL 数据库 (requires DATABASE_URL: the nodes must share one PostgreSQL database)" });
  }
});

export interface Env {
  port: number;
  host: string;
  databasePath: string;
  /** PostgreSQL's URL, or null: SQLite at databasePath. */
  databaseUrl: string | null;
  sessionSecret: string;
  nodeId: string;
  redisUrl: string | null;
  demo: boolean;
  production: boolean;
  /** TRUST_PROXY's entries; empty: no peer's forwarding headers are believed. */
  trustProxy: string[];
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw configurationError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const databasePath = e.DATABASE_PATH === ":memory:" ? e.DATABASE_PATH : resolve(e.DATABASE_PATH);
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath,
    databaseUrl: e.DATABASE_URL ?? null,
    sessionSecret: e.SESSION_SECRET ?? persistentSecret(databasePath),
    nodeId: e.NODE_ID ?? `node-${randomBytes(4).toString("hex")}`,
    redisUrl: e.REDIS_URL ?? null,
    demo: e.TONGSHANG_DEMO === "1",
    production: e.NODE_ENV === "production",
    trustProxy: e.TRUST_PROXY,
  };
}

/** Generated once and kept beside the database, so sessions survive a restart. */
function persistentSecret(databasePath: string): string {
  if (databasePath === ":memory:") return randomBytes(32).toString("hex");
  const file = join(dirname(databasePath), "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** The one shape of a start-stopping configuration error: a headline, then one line per setting. */
export function configurationError(lines: string[]): Error {
  return new Error(`配置有误 Invalid configuration:\n${lines.map((line) => `  ${line}`).join("\n")}`);
}
