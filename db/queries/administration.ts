import { count, isNotNull } from "drizzle-orm";
import type { Db } from "../client";
import { organisations, users } from "../schema";

/** The counts the administration home page shows. */
export async function administrationCounts(db: Db): Promise<{ organisations: number; accounts: number; disabled: number }> {
  const n = (rows: { n: number }[]) => rows[0]?.n ?? 0;
  return {
    organisations: n(await db.select({ n: count() }).from(organisations)),
    accounts: n(await db.select({ n: count() }).from(users)),
    disabled: n(await db.select({ n: count() }).from(users).where(isNotNull(users.disabledAt))),
  };
}
