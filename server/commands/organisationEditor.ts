import { count, eq, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import { appendAudit } from "../../db/audit";
import { delegations, negotiations, organisations, users } from "../../db/schema";
import { parentKindFits, wouldCreateCycle, type OrganisationKind, type OrganisationLevel } from "../../shared/orgTree";
import { newId } from "../ids";
import { done, refuse, type CommandResult } from "./commandResult";

/** Keeps the organisation tree: add, rename, re-level, move (never into a cycle), delete when unused. */

export interface OrganisationInput {
  name: string;
  level: OrganisationLevel;
  parentId: string | null;
}

function checkParent(db: Db, kind: OrganisationKind, parentId: string | null): CommandResult {
  if (parentId === null) return done(null);
  const parent = db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, parentId)).get();
  if (!parent) return refuse("unknown_parent", "上级组织不存在 (no such parent organisation)", "parentId");
  if (!parentKindFits(kind, parent.kind)) {
    return refuse("parent_kind", "上级组织的类型不符:工会只能隶属于工会,企业只能隶属于企业 (the parent is of another kind)", "parentId");
  }
  return done(null);
}

export function createOrganisation(db: Db, actorId: string, input: OrganisationInput & { kind: OrganisationKind }): CommandResult<{ id: string }> {
  const parent = checkParent(db, input.kind, input.parentId);
  if (!parent.ok) return parent;
  const id = newId("org");
  db.transaction((tx) => {
    tx.insert(organisations).values({ id, name: input.name, kind: input.kind, level: input.level, parentId: input.parentId }).run();
    appendAudit(tx, { negotiationId: null, actorId, action: "organisation.created", detail: { id, name: input.name, kind: input.kind, level: input.level, parentId: input.parentId } });
  });
  return done({ id });
}

export function updateOrganisation(db: Db, actorId: string, id: string, input: OrganisationInput): CommandResult {
  const current = db.select().from(organisations).where(eq(organisations.id, id)).get();
  if (!current) return refuse("unknown_organisation", "组织不存在 (no such organisation)");
  const parent = checkParent(db, current.kind, input.parentId);
  if (!parent.ok) return parent;
  const tree = db.select({ id: organisations.id, parentId: organisations.parentId }).from(organisations).all();
  if (wouldCreateCycle(tree, id, input.parentId)) {
    return refuse("cycle", "不能把组织移到它自己或它的下级组织之下 (that would make a cycle)", "parentId");
  }
  db.transaction((tx) => {
    tx.update(organisations).set({ name: input.name, level: input.level, parentId: input.parentId }).where(eq(organisations.id, id)).run();
    appendAudit(tx, {
      negotiationId: null,
      actorId,
      action: "organisation.updated",
      detail: { id, from: { name: current.name, level: current.level, parentId: current.parentId }, to: input },
    });
  });
  return done(null);
}

/** What still refers to an organisation; it may be deleted only when all are zero. */
export function organisationUse(db: Db, id: string) {
  const n = (q: { n: number } | undefined) => q?.n ?? 0;
  return {
    children: n(db.select({ n: count() }).from(organisations).where(eq(organisations.parentId, id)).get()),
    accounts: n(db.select({ n: count() }).from(users).where(eq(users.organisationId, id)).get()),
    negotiations: n(
      db
        .select({ n: count() })
        .from(negotiations)
        .where(or(eq(negotiations.unionOrgId, id), eq(negotiations.enterpriseOrgId, id), eq(negotiations.higherUnionOrgId, id)))
        .get(),
    ),
    delegations: n(db.select({ n: count() }).from(delegations).where(or(eq(delegations.fromOrgId, id), eq(delegations.toOrgId, id))).get()),
  };
}

export function deleteOrganisation(db: Db, actorId: string, id: string): CommandResult {
  const current = db.select().from(organisations).where(eq(organisations.id, id)).get();
  if (!current) return refuse("unknown_organisation", "组织不存在 (no such organisation)");
  return db.transaction((tx) => {
    const use = organisationUse(tx, id);
    if (use.children + use.accounts + use.negotiations + use.delegations > 0) {
      return refuse(
        "in_use",
        `该组织仍在使用中(下级组织 ${use.children} 个、账号 ${use.accounts} 个、协商 ${use.negotiations} 个、委托 ${use.delegations} 个),不能删除 (in use)`,
      );
    }
    tx.delete(organisations).where(eq(organisations.id, id)).run();
    appendAudit(tx, { negotiationId: null, actorId, action: "organisation.deleted", detail: { id, name: current.name, kind: current.kind } });
    return done(null);
  });
}
