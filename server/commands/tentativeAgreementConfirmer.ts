import { and, eq } from "drizzle-orm";
import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findNegotiation } from "~/db/queries/negotiations";
import { liveTentativeAgreements, upsertClauseState } from "~/db/queries/workflow";
import { tentativeAgreements } from "~/db/schema";
import { orderedClauses, readAgreement } from "~/shared/collab/docShape";
import { numberAgreement } from "~/shared/numbering";
import { newId } from "../ids";
import { actingSide, can, negotiationFacts } from "../policies/negotiation";
import { clauseContentHash } from "../workflow/clauseHash";
import type { Actor, CommandContext } from "./commandContext";
import { refuse, type CommandRefusal } from "./commandResult";
import { saveVersion } from "./versionSaver";

export type TentativeAgreementOutcome =
  | { ok: true; state: "proposed" | "agreed" | "already_confirmed"; taId: string }
  | (CommandRefusal & { code: "forbidden" | "no_such_clause" });

/**
 * 暂定一致 (docs/SPEC.md W-2, W-3): the first side's chief proposes the clause's exact current text;
 * the other side's chief confirms it. The agreement binds to the SHA-256 of title and body: any later
 * edit voids it (clauseWatcher). When both have confirmed, a version is saved as a milestone.
 * Runs against the loaded document while no client update is applied to it, and reads the
 * tentative agreement inside the write under the negotiation's lock, so neither an edit nor the
 * other chief's confirmation can slip between reading and binding.
 */
export async function confirmTentativeAgreement(
  ctx: Pick<CommandContext, "driver" | "collab" | "workflow" | "clock">,
  actor: Pick<Actor, "negotiation" | "userId" | "membership">,
  input: { clauseId: string },
): Promise<TentativeAgreementOutcome> {
  const { driver, collab, workflow } = ctx;
  const { negotiation, userId, membership } = actor;
  const { clauseId } = input;
  if (!can(membership, "confirmTentativeAgreement", negotiationFacts(negotiation))) {
    return refuse("forbidden", { key: "tentativeAgreement.forbidden" });
  }
  const side = actingSide(membership)!;
  const outcome = await collab.withDocument(negotiation.id, async (doc): Promise<TentativeAgreementOutcome> => {
    const clause = orderedClauses(doc).find((c) => c.id === clauseId);
    const content = readAgreement(doc);
    return driver.write(async (tx): Promise<TentativeAgreementOutcome> => {
      await lock(tx, lockKeys.negotiation(negotiation.id));
      // Re-read after the await: the last signature may have locked the agreement meanwhile.
      if ((await findNegotiation(tx, negotiation.id))?.lockedAt != null) return refuse("forbidden", { key: "version.locked" });
      if (!clause) return refuse("no_such_clause", { key: "request.noSuchClause" });
      const hash = clauseContentHash(clause.title.toString(), clause.body.toString());
      const now = ctx.clock();
      const confirmation = side === "union" ? { unionConfirmedBy: userId, unionConfirmedAt: now } : { enterpriseConfirmedBy: userId, enterpriseConfirmedAt: now };
      const existing = (await liveTentativeAgreements(tx, negotiation.id)).get(clauseId);
      if (existing && existing.contentHash === hash) {
        const mine = side === "union" ? existing.unionConfirmedAt : existing.enterpriseConfirmedAt;
        if (mine !== null) return { ok: true, state: "already_confirmed", taId: existing.id };
        await tx.update(tentativeAgreements).set(confirmation).where(and(eq(tentativeAgreements.id, existing.id)));
        await upsertClauseState(tx, { negotiationId: negotiation.id, clauseId, status: "agreed", proposedBySide: null, updatedBy: userId, updatedAt: now });
        await appendAudit(tx, { negotiationId: negotiation.id, actorId: userId, action: "ta.confirmed", detail: { clauseId, taId: existing.id, side, contentHash: hash } });
        const article = numberAgreement(content.clauses).find((n) => n.clauseId === clauseId)?.articleLabel ?? clauseId;
        await saveVersion(tx, { negotiationId: negotiation.id, label: `${article}暂定一致`, side, kind: "milestone", createdBy: userId, content, createdAt: now });
        return { ok: true, state: "agreed", taId: existing.id };
      }
      if (existing) await tx.update(tentativeAgreements).set({ voidedAt: now, voidReason: "superseded" }).where(eq(tentativeAgreements.id, existing.id));
      const id = newId("ta");
      await tx
        .insert(tentativeAgreements)
        .values({ id, negotiationId: negotiation.id, clauseId, contentHash: hash, agreedTitle: clause.title.toString(), agreedBody: clause.body.toString(), createdAt: now, ...confirmation });
      await upsertClauseState(tx, { negotiationId: negotiation.id, clauseId, status: "negotiating", proposedBySide: null, updatedBy: userId, updatedAt: now });
      await appendAudit(tx, { negotiationId: negotiation.id, actorId: userId, action: "ta.proposed", detail: { clauseId, taId: id, side, contentHash: hash } });
      return { ok: true, state: "proposed", taId: id };
    });
  });
  await workflow.refresh(negotiation.id);
  return outcome;
}
