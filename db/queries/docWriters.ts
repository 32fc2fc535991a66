import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { docWriters } from "../schema";

/** Every stored writer claim of one document (SPEC C-13); the collaboration group commit stores them (db/appendUpdates.ts). */
export async function findDocWriters(db: Db, document: string): Promise<{ clientId: number; userId: string }[]> {
  return await db.select({ clientId: docWriters.clientId, userId: docWriters.userId }).from(docWriters).where(eq(docWriters.document, document));
}
