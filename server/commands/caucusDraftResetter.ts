import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findNegotiation } from "~/db/queries/negotiations";
import { lastRoundNumber, recordCaucusBase } from "~/db/queries/rounds";
import { caucusDocumentName } from "~/shared/collab/documentName";
import { readSnapshot, snapshotContent, writeSnapshot } from "~/shared/rounds/draftSnapshot";
import { can, caucusSideOf, negotiationFacts } from "../policies/negotiation";
import { contentHash } from "../versions/contentHash";
import type { CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";
import type { TablingActor } from "./roundTabler";

/**
 * the side's chief brings the private draft back to the live draft as it stands — one change
 * through the collaboration pipeline, seen at once by the side's connected editors — and the
 * live draft becomes its new base. Audited without any text: only the side and the base's hash.
 */
export async function resetCaucusDraft(ctx: Pick<CommandContext, "driver" | "collab" | "clock">, actor: TablingActor, _input: Record<string, never>): Promise<CommandResult<{ baseHash: string }>> {
  const { driver, collab } = ctx;
  const negotiationId = actor.negotiation.id;
  const side = caucusSideOf(actor.membership);
  if (!side) return refuse("forbidden", { key: "caucusDraft.observer" });
  // No client update reaches either document while this callback runs (collab.withDocuments), so the
  // live draft read here is the one the base records.
  return collab.withDocuments([caucusDocumentName(negotiationId, side), negotiationId], async ([caucusDoc, liveDoc]): Promise<CommandResult<{ baseHash: string }>> => {
    const live = readSnapshot(liveDoc!);
    const baseHash = contentHash(snapshotContent(live));
    const now = ctx.clock();
    const written = await driver.write(async (tx): Promise<CommandResult<null>> => {
      // Read under the negotiation's lock: a signature locking the agreement meanwhile counts.
      await lock(tx, lockKeys.negotiation(negotiationId));
      const negotiation = (await findNegotiation(tx, negotiationId))!;
      const facts = negotiationFacts(negotiation);
      if (facts.locked) return refuse("locked", { key: "version.locked" });
      if (!can(actor.membership, "manageCaucusDraft", facts, { side })) return refuse("forbidden", { key: "caucusDraft.resetForbidden" });
      const last = await lastRoundNumber(tx, negotiationId);
      await recordCaucusBase(tx, { negotiationId, side, base: live, baseHash, baseRound: last > 0 ? last : null, copiedBy: actor.userId, at: now });
      await appendAudit(tx, { negotiationId, actorId: actor.userId, action: "caucus_draft.reset", detail: { side, baseHash } }, now);
      return done(null);
    });
    if (!written.ok) return written;
    caucusDoc!.transact(() => writeSnapshot(caucusDoc!, live), { userId: actor.userId, label: "caucus.reset" });
    return done({ baseHash });
  });
}
