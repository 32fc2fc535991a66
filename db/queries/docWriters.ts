import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { docWriters } from "../schema";

/** Every stored writer claim of one live document (SPEC C-13). */
export async function findDocWriters(db: Db, document: string): Promise<{ clientId: number; userId: string }[]> {
  return await db.select({ clientId: docWriters.clientId, userId: docWriters.userId }).from(docWriters).where(eq(docWriters.document, document));
}

/** Stores a claim; the first one for a client id stands. */
export async function insertDocWriter(db: Db, row: { document: string; clientId: number; userId: string }): Promise<void> {
  await db.insert(docWriters).values({ ...row, createdAt: Date.now() }).onConflictDoNothing();
}
