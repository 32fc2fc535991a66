import type { Db } from "~/db/client";
import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { insertVersion, type VersionRow } from "~/db/queries/versions";
import type { AgreementContent } from "~/shared/agreement";
import { contentLimitRefusal, refusalMessage } from "~/shared/collab/contentLimits";
import type { RefusalReason } from "~/shared/collab/protocol";
import type { Side } from "~/shared/roles";
import { newId } from "../ids";
import { contentHash } from "../versions/contentHash";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";

export interface VersionInput {
  negotiationId: string;
  label: string;
  note?: string;
  side: Side;
  kind: "manual" | "milestone" | "seed";
  createdBy: string | null;
  content: AgreementContent;
  createdAt?: number;
}

/** Content over the import's limits (SPEC V-3): never stored as a version. */
export class ContentOverLimit extends Error {
  constructor(readonly reason: RefusalReason) {
    super(reason);
  }
}

/**
 * Saves an immutable version with its SHA-256 and records it in the audit chain; throws ContentOverLimit
 * for oversize content. `tx` is the caller's write (`driver.write`): the version and its audit entry
 * commit with whatever the caller records alongside, or not at all.
 */
export async function saveVersion(tx: Db, input: VersionInput): Promise<VersionRow> {
  const over = contentLimitRefusal(input.content);
  if (over) throw new ContentOverLimit(over);
  const hash = contentHash(input.content);
  // The version's seq is the negotiation's next one: taken under its lock (callers usually hold it already).
  await lock(tx, lockKeys.negotiation(input.negotiationId));
  const version = await insertVersion(tx, {
    id: newId("v"),
    negotiationId: input.negotiationId,
    label: input.label,
    note: input.note ?? "",
    side: input.side,
    kind: input.kind,
    createdBy: input.createdBy,
    createdAt: input.createdAt ?? Date.now(),
    content: JSON.stringify(input.content),
    contentHash: hash,
  });
  await appendAudit(tx, {
    negotiationId: input.negotiationId,
    actorId: input.createdBy,
    action: "version.saved",
    detail: { versionId: version.id, seq: version.seq, label: input.label, contentHash: hash },
  });
  return version;
}

/**
 * 保存版本 (V-1): saves the live draft as it stands as a manual version with a label and a note.
 * A live draft over the limits (edited before they existed) is not stored as a version (V-3).
 */
export async function saveManualVersion(
  ctx: Pick<CommandContext, "driver" | "collab" | "clock">,
  actor: Pick<Actor, "negotiation" | "userId" | "membership">,
  input: { label: string; note?: string },
): Promise<CommandResult<{ id: string; label: string }>> {
  const content = await ctx.collab.readAgreement(actor.negotiation.id);
  const over = contentLimitRefusal(content);
  if (over) return refuse("too_large", { key: "version.overLimits", params: { limit: refusalMessage(over) } });
  const createdAt = ctx.clock();
  const version = await ctx.driver.write(async (tx) =>
    saveVersion(tx, { negotiationId: actor.negotiation.id, label: input.label, note: input.note, side: actor.membership.side, kind: "manual", createdBy: actor.userId, content, createdAt }),
  );
  return done({ id: version.id, label: version.label });
}
