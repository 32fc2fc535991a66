import { count, isNotNull } from "drizzle-orm";
import type { Db } from "../client";
import { organisations, users } from "../schema";

/** The counts the administration home page shows. */
export function administrationCounts(db: Db): { organisations: number; accounts: number; disabled: number } {
  const n = (row: { n: number } | undefined) => row?.n ?? 0;
  return {
    organisations: n(db.select({ n: count() }).from(organisations).get()),
    accounts: n(db.select({ n: count() }).from(users).get()),
    disabled: n(db.select({ n: count() }).from(users).where(isNotNull(users.disabledAt)).get()),
  };
}
