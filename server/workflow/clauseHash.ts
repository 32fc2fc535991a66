import { createHash } from "node:crypto";

/** What a tentative agreement binds to: the clause's exact title and body (docs/SPEC.md, W-3). */
export function clauseContentHash(title: string, body: string): string {
  return createHash("sha256").update(JSON.stringify([title, body]), "utf8").digest("hex");
}
