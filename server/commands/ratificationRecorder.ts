import { eq } from "drizzle-orm";
import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findNegotiation } from "~/db/queries/negotiations";
import { latestRatification } from "~/db/queries/signing";
import { findVersion } from "~/db/queries/versions";
import { negotiations, ratifications } from "~/db/schema";
import { readAgreement } from "~/shared/collab/docShape";
import { refusalText } from "~/shared/i18n/refusals";
import { ratificationVerdict, type RatificationVerdict } from "~/shared/rules/ratification";
import { newId } from "../ids";
import { can, negotiationFacts } from "../policies/negotiation";
import { contentHash } from "../versions/contentHash";
import { agreementProgress } from "../workflow/progress";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";
import { saveVersion } from "./versionSaver";

export const RATIFICATION_VERSION_LABEL = "提交职代会审议稿";

export interface RatificationInput {
  body: "congress" | "assembly";
  total: number;
  attended: number;
  approved: number;
  against?: number;
  abstained?: number;
  heldOn: string;
  resolutionNo: string;
  /** A saved version whose text is the live draft's, or "live": save the live draft now as a milestone. */
  versionId: string;
}

/**
 * 职代会 / 职工大会 (docs/SPEC.md S-2, S-3; 集体合同规定第三十六条): records the vote on the final
 * draft once every clause is at 暂定一致. The version voted on must be the live text (so what is
 * ratified is what will be signed); the verdict is computed, never typed. A valid vote moves the
 * negotiation to 已通过审议; a failed one sends the draft back to bargaining.
 * Runs on the loaded document while no client update is applied to it (collab.withDocument), and
 * reads what it checks inside the write under the negotiation's lock, so neither an edit nor a
 * second vote or a signature slips between the check and the record.
 */
export async function recordRatification(
  ctx: Pick<CommandContext, "driver" | "collab" | "events" | "clock">,
  actor: Pick<Actor, "negotiation" | "userId" | "membership">,
  input: RatificationInput,
): Promise<CommandResult<{ id: string; versionId: string; verdict: RatificationVerdict }>> {
  const { driver, collab } = ctx;
  const { negotiation, userId } = actor;
  if (negotiation.lockedAt !== null) return refuse("locked", { key: "ratification.locked" });
  if (!can(actor.membership, "recordRatification", negotiationFacts(negotiation))) return refuse("forbidden", { key: "ratification.forbidden" });
  const verdict = ratificationVerdict(input);

  const result = await collab.withDocument(negotiation.id, async (doc): Promise<CommandResult<{ id: string; versionId: string; verdict: RatificationVerdict }>> => {
    const content = readAgreement(doc);
    return driver.write(async (tx): Promise<CommandResult<{ id: string; versionId: string; verdict: RatificationVerdict }>> => {
      await lock(tx, lockKeys.negotiation(negotiation.id));
      // Re-read after the await: the last signature may have locked the agreement meanwhile.
      if ((await findNegotiation(tx, negotiation.id))?.lockedAt != null) return refuse("locked", { key: "ratification.locked" });
      if (!(await agreementProgress(tx, negotiation, content)).allAgreed) {
        return refuse("not_agreed", { key: "ratification.notAgreed" });
      }
      const liveHash = contentHash(content);
      const previous = await latestRatification(tx, negotiation.id);
      if (previous?.valid && (await findVersion(tx, negotiation.id, previous.versionId))?.contentHash === liveHash) {
        return refuse("already_ratified", { key: "ratification.alreadyRatified" });
      }
      if (input.versionId !== "live") {
        const chosen = await findVersion(tx, negotiation.id, input.versionId);
        if (!chosen) return refuse("no_such_version", { key: "ratification.noSuchVersion" }, "versionId");
        if (chosen.contentHash !== liveHash) return refuse("version_not_live", { key: "ratification.versionNotLive" }, "versionId");
      }
      const now = ctx.clock();
      const versionId =
        input.versionId === "live"
          ? (await saveVersion(tx, { negotiationId: negotiation.id, label: RATIFICATION_VERSION_LABEL, side: actor.membership.side, kind: "milestone", createdBy: userId, content, createdAt: now })).id
          : input.versionId;
      const id = newId("rat");
      const counts = { total: input.total, attended: input.attended, approved: input.approved, against: input.against ?? 0, abstained: input.abstained ?? 0 };
      await tx
        .insert(ratifications)
        .values({ id, negotiationId: negotiation.id, versionId, body: input.body, ...counts, heldOn: input.heldOn, resolutionNo: input.resolutionNo, valid: verdict.valid, recordedBy: userId, createdAt: now });
      await tx
        .update(negotiations)
        .set({ status: verdict.valid ? "ratified" : "bargaining" })
        .where(eq(negotiations.id, negotiation.id));
      await appendAudit(
        tx,
        {
          negotiationId: negotiation.id,
          actorId: userId,
          action: "ratification.recorded",
          detail: { ratificationId: id, versionId, contentHash: liveHash, body: input.body, ...counts, heldOn: input.heldOn, resolutionNo: input.resolutionNo, valid: verdict.valid, explanation: refusalText("zh", verdict.explanation) },
        },
        now,
      );
      return done({ id, versionId, verdict });
    });
  });
  if (result.ok) {
    ctx.events.publish(negotiation.id, { kind: "signing" });
    ctx.events.publish(negotiation.id, { kind: "versions" });
  }
  return result;
}
