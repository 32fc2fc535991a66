import { count, eq, or } from "drizzle-orm";
import type { Db } from "~/db/client";
import { appendAudit } from "~/db/audit";
import { delegations, negotiations, organisations, users } from "~/db/schema";
import { parentKindFits, wouldCreateCycle, type OrganisationKind, type OrganisationLevel } from "~/shared/orgTree";
import { newId } from "../ids";
import type { AdminActor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";

/** Keeps the organisation tree: add, rename, re-level, move (never into a cycle), delete when unused. */

export interface OrganisationInput {
  name: string;
  level: OrganisationLevel;
  parentId: string | null;
}

async function checkParent(db: Db, kind: OrganisationKind, parentId: string | null): Promise<CommandResult> {
  if (parentId === null) return done(null);
  const [parent] = await db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, parentId)).limit(1);
  if (!parent) return refuse("unknown_parent", { key: "organisation.unknownParent" }, "parentId");
  if (!parentKindFits(kind, parent.kind)) {
    return refuse("parent_kind", { key: "organisation.parentKind" }, "parentId");
  }
  return done(null);
}

export async function createOrganisation(ctx: Pick<CommandContext, "driver">, actor: AdminActor, input: OrganisationInput & { kind: OrganisationKind }): Promise<CommandResult<{ id: string }>> {
  const actorId = actor.id;
  const id = newId("org");
  return ctx.driver.write(async (tx): Promise<CommandResult<{ id: string }>> => {
    // The parent is checked in the same transaction that refers to it.
    const parent = await checkParent(tx, input.kind, input.parentId);
    if (!parent.ok) return parent;
    await tx.insert(organisations).values({ id, name: input.name, kind: input.kind, level: input.level, parentId: input.parentId });
    await appendAudit(tx, { negotiationId: null, actorId, action: "organisation.created", detail: { id, name: input.name, kind: input.kind, level: input.level, parentId: input.parentId } });
    return done({ id });
  });
}

export async function updateOrganisation(ctx: Pick<CommandContext, "driver">, actor: AdminActor, input: OrganisationInput & { id: string }): Promise<CommandResult> {
  const actorId = actor.id;
  const { id } = input;
  return ctx.driver.write(async (tx): Promise<CommandResult> => {
    // The tree is read inside the write that moves the organisation, so the cycle check sees the tree it changes.
    const [current] = await tx.select().from(organisations).where(eq(organisations.id, id)).limit(1);
    if (!current) return refuse("unknown_organisation", { key: "organisation.notFound" });
    const parent = await checkParent(tx, current.kind, input.parentId);
    if (!parent.ok) return parent;
    const tree = await tx.select({ id: organisations.id, parentId: organisations.parentId }).from(organisations);
    if (wouldCreateCycle(tree, id, input.parentId)) {
      return refuse("cycle", { key: "organisation.cycle" }, "parentId");
    }
    await tx.update(organisations).set({ name: input.name, level: input.level, parentId: input.parentId }).where(eq(organisations.id, id));
    await appendAudit(tx, {
      negotiationId: null,
      actorId,
      action: "organisation.updated",
      detail: { id, from: { name: current.name, level: current.level, parentId: current.parentId }, to: input },
    });
    return done(null);
  });
}

/** What still refers to an organisation; it may be deleted only when all are zero. */
export async function organisationUse(db: Db, id: string) {
  const n = (rows: { n: number }[]) => rows[0]?.n ?? 0;
  return {
    children: n(await db.select({ n: count() }).from(organisations).where(eq(organisations.parentId, id))),
    accounts: n(await db.select({ n: count() }).from(users).where(eq(users.organisationId, id))),
    negotiations: n(
      await db
        .select({ n: count() })
        .from(negotiations)
        .where(or(eq(negotiations.unionOrgId, id), eq(negotiations.enterpriseOrgId, id), eq(negotiations.higherUnionOrgId, id))),
    ),
    delegations: n(await db.select({ n: count() }).from(delegations).where(or(eq(delegations.fromOrgId, id), eq(delegations.toOrgId, id)))),
  };
}

export async function deleteOrganisation(ctx: Pick<CommandContext, "driver">, actor: AdminActor, { id }: { id: string }): Promise<CommandResult> {
  const actorId = actor.id;
  return ctx.driver.write(async (tx): Promise<CommandResult> => {
    const [current] = await tx.select().from(organisations).where(eq(organisations.id, id)).limit(1);
    if (!current) return refuse("unknown_organisation", { key: "organisation.notFound" });
    const use = await organisationUse(tx, id);
    if (use.children + use.accounts + use.negotiations + use.delegations > 0) {
      return refuse(
        "in_use",
        { key: "organisation.inUse", params: { children: use.children, accounts: use.accounts, negotiations: use.negotiations, delegations: use.delegations } },
      );
    }
    await tx.delete(organisations).where(eq(organisations.id, id));
    await appendAudit(tx, { negotiationId: null, actorId, action: "organisation.deleted", detail: { id, name: current.name, kind: current.kind } });
    return done(null);
  });
}
