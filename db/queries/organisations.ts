import { asc } from "drizzle-orm";
import type { Db } from "../client";
import { organisations } from "../schema";

export type OrganisationKind = (typeof organisations.$inferSelect)["kind"];

/**
 * Every organisation as the forms offer it (the start form, the delegation form, the accounts and
 * organisations pages): id, name, kind, level and parent, oldest first so a tree keeps its order.
 */
export async function organisationChoices(db: Db): Promise<{ id: string; name: string; kind: OrganisationKind; level: string; parentId: string | null }[]> {
  return await db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, level: organisations.level, parentId: organisations.parentId })
    .from(organisations)
    .orderBy(asc(organisations.createdAt), asc(organisations.id));
}
