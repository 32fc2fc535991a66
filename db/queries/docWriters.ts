import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { docWriters } from "../schema";

/** Every stored writer claim of one live document (SPEC C-13). */
export function findDocWriters(db: Db, document: string): { clientId: number; userId: string }[] {
  return db.select({ clientId: docWriters.clientId, userId: docWriters.userId }).from(docWriters).where(eq(docWriters.document, document)).all();
}

/** Stores a claim; the first one for a client id stands. */
export function insertDocWriter(db: Db, row: { document: string; clientId: number; userId: string }): void {
  db.insert(docWriters).values({ ...row, createdAt: Date.now() }).onConflictDoNothing().run();
}
