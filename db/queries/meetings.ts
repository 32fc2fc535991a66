import { asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { meetings } from "../schema";

export type MeetingRow = typeof meetings.$inferSelect;

/** A negotiation's meetings, in the order they were held. */
export async function meetingsOf(db: Db, negotiationId: string): Promise<MeetingRow[]> {
  return await db.select().from(meetings).where(eq(meetings.negotiationId, negotiationId)).orderBy(asc(meetings.heldOn), asc(meetings.createdAt));
}

export async function findMeeting(db: Db, id: string): Promise<MeetingRow | undefined> {
  return (await db.select().from(meetings).where(eq(meetings.id, id)).limit(1))[0];
}

/** Minutes both chiefs have confirmed are immutable (they go into the filing package). */
export function minutesConfirmed(row: Pick<MeetingRow, "unionConfirmedAt" | "enterpriseConfirmedAt">): boolean {
  return row.unionConfirmedAt !== null && row.enterpriseConfirmedAt !== null;
}
