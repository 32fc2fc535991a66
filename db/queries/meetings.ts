import { asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { meetings } from "../schema";

export type MeetingRow = typeof meetings.$inferSelect;

/** A negotiation's meetings, in the order they were held. */
export function meetingsOf(db: Db, negotiationId: string): MeetingRow[] {
  return db.select().from(meetings).where(eq(meetings.negotiationId, negotiationId)).orderBy(asc(meetings.heldOn), asc(meetings.createdAt)).all();
}

export function findMeeting(db: Db, id: string): MeetingRow | undefined {
  return db.select().from(meetings).where(eq(meetings.id, id)).get();
}

/** Minutes both chiefs have confirmed are immutable (they go into the filing package). */
export function minutesConfirmed(row: Pick<MeetingRow, "unionConfirmedAt" | "enterpriseConfirmedAt">): boolean {
  return row.unionConfirmedAt !== null && row.enterpriseConfirmedAt !== null;
}
