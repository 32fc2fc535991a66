import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findNegotiation } from "~/db/queries/negotiations";
import { caucusBase, findCaucusDraft, insertRound, lastRoundNumber, recordCaucusBase } from "~/db/queries/rounds";
import { upsertClauseState } from "~/db/queries/workflow";
import { caucusDocumentName, type CaucusSide } from "~/shared/collab/documentName";
import { SIDE_LABELS } from "~/shared/roles";
import { readSnapshot, snapshotContent, writeSnapshot, type DraftSnapshot } from "~/shared/rounds/draftSnapshot";
import { AGREEMENT_TITLE_KEY, planRound, type Resolution, type RoundConflict } from "~/shared/rounds/planRound";
import type { ChangeOrigin } from "../collab/sharedDocument";
import { newId } from "../ids";
import { can, caucusSideOf, negotiationFacts } from "../policies/negotiation";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandRefusal, type CommandResult } from "./commandResult";
import { saveVersion } from "./versionSaver";

/** The actor of a caucus-draft command: the seat in the negotiation the guard resolved. */
export type TablingActor = Pick<Actor, "negotiation" | "userId" | "membership">;

export interface TablingInput {
  /** The chief's answers to the conflict list, by clause id (or the agreement title's key). */
  resolutions: Record<string, Resolution>;
}

export interface TabledRound {
  round: number;
  side: CaucusSide;
  versionId: string;
  label: string;
  contentHash: string;
  changedClauses: string[];
}

/** A refusal that lists what the chief must resolve first. */
export type TablingRefusal = CommandRefusal & { conflicts?: RoundConflict[] };

/** "工会方第 3 轮方案": the label of the version a round is saved as. */
export function roundLabel(side: CaucusSide, round: number): string {
  return `${SIDE_LABELS[side].zh}第 ${round} 轮方案`;
}

/** Sides whose tabling is running in this process: a second one while the first runs is refused. */
const tablingNow = new Set<string>();

/**
 * 提交本方方案 (docs/SPEC.md R-5…R-9): the side's chief (or a representative the chief allowed)
 * tables the side's private draft. In one step on both loaded documents while no client update is
 * applied to them — so no edit lands in between — and under the negotiation's lock, it plans the round (planRound: exactly the side's changes since its base;
 * conflicts refuse until resolved), and in one database transaction saves the version
 * "工会方第 N 轮方案", records the round, records clauses the side added as 提议 by that side, moves the
 * private draft's base to the result, audits the round with the version's hash (never the text),
 * and applies the change to the live draft through the collaboration pipeline (C-9), where the clause
 * watcher voids any tentative agreement on a changed clause in the same transaction. The private
 * draft is brought to the same text. Then both sides' pages are told.
 */
export async function tableRound(ctx: CommandContext, actor: TablingActor, input: TablingInput): Promise<CommandResult<TabledRound> | TablingRefusal> {
  const { driver, collab } = ctx;
  const negotiationId = actor.negotiation.id;
  const side = caucusSideOf(actor.membership);
  if (!side) return refuse("forbidden", { key: "round.notASide" });
  const slot = caucusDocumentName(negotiationId, side);
  if (tablingNow.has(slot)) return refuse("tabling_in_progress", { key: "round.inProgress" });
  tablingNow.add(slot);
  try {
    const result = await collab.withDocuments([slot, negotiationId], async ([caucusDoc, liveDoc]): Promise<CommandResult<TabledRound> | TablingRefusal> => {
      const origin: ChangeOrigin = { userId: actor.userId, label: "round" };
      let tabledText: DraftSnapshot | null = null;
      const tabled = await driver.write(async (tx): Promise<CommandResult<TabledRound> | TablingRefusal> => {
        await lock(tx, lockKeys.negotiation(negotiationId));
        // Re-read after the awaits, under the lock: a signature may have locked the agreement, a setting changed, a round been tabled.
        const negotiation = (await findNegotiation(tx, negotiationId))!;
        const draft = await findCaucusDraft(tx, negotiationId, side);
        const facts = negotiationFacts(negotiation);
        if (facts.locked) return refuse("locked", { key: "round.locked" });
        if (!can(actor.membership, "tableRound", facts, { side, representativesMayTable: draft?.representativesMayTable ?? false })) return refuse("forbidden", { key: "round.forbidden" });
        const base = caucusBase(draft);
        if (!base) return refuse("no_draft", { key: "round.noDraft" });
        const plan = planRound(base, readSnapshot(caucusDoc!), readSnapshot(liveDoc!), input.resolutions);
        if (plan.proposed.length === 0) return refuse("nothing_to_table", { key: "round.nothingToTable" });
        if (plan.conflicts.length > 0) {
          return { ...refuse("conflicts", { key: "round.conflicts" }), conflicts: plan.conflicts };
        }
        const round = (await lastRoundNumber(tx, negotiationId)) + 1;
        const label = roundLabel(side, round);
        const content = snapshotContent(plan.result);
        const changedClauses = plan.changed.filter((key) => key !== AGREEMENT_TITLE_KEY);
        const now = ctx.clock();
        const version = await saveVersion(tx, { negotiationId, label, side, kind: "milestone", createdBy: actor.userId, content, createdAt: now });
        await insertRound(tx, { id: newId("rd"), negotiationId, round, side, versionId: version.id, tabledBy: actor.userId, tabledAt: now, changedClauses });
        for (const clauseId of plan.added) await upsertClauseState(tx, { negotiationId, clauseId, status: "proposed", proposedBySide: side, updatedBy: actor.userId, updatedAt: now });
        await recordCaucusBase(tx, { negotiationId, side, base: plan.result, baseHash: version.contentHash, baseRound: round, copiedBy: actor.userId, at: now });
        await appendAudit(tx, { negotiationId, actorId: actor.userId, action: "round.tabled", detail: { round, side, versionId: version.id, contentHash: version.contentHash, changedClauses: changedClauses.length } }, now);
        // Last, so nothing above can fail after the live draft changed; the watcher's voids join this transaction.
        liveDoc!.transact(() => writeSnapshot(liveDoc!, plan.result), origin);
        tabledText = plan.result;
        return done({ round, side, versionId: version.id, label, contentHash: version.contentHash, changedClauses });
      });
      // After the commit: the private draft is brought to the text tabled.
      if (tabled.ok) caucusDoc!.transact(() => writeSnapshot(caucusDoc!, tabledText!), origin);
      return tabled;
    });
    if (result.ok) {
      await ctx.workflow.refresh(negotiationId);
      ctx.events.publish(negotiationId, { kind: "versions" });
      ctx.events.publish(negotiationId, { kind: "rounds" });
    }
    return result;
  } finally {
    tablingNow.delete(slot);
  }
}
