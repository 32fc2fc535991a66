import { randomBytes } from "node:crypto";

/** A short random id with a readable prefix (n_ negotiation, u_ user, v_ version…). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString("base64url").replace(/[-_]/g, "x")}`;
}
