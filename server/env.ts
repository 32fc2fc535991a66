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
  SESSION_SECRET: z.string().min(16, "SESSION_SECRET must be at least 16 characters").optional(),
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
});

export interface Env {
  port: number;
  host: string;
  databasePath: string;
  sessionSecret: string;
  demo: boolean;
  production: boolean;
  /** TRUST_PROXY's entries; empty: no peer's forwarding headers are believed. */
  trustProxy: string[];
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const databasePath = e.DATABASE_PATH === ":memory:" ? e.DATABASE_PATH : resolve(e.DATABASE_PATH);
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath,
    sessionSecret: e.SESSION_SECRET ?? persistentSecret(databasePath),
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
