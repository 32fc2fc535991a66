import type { Db } from "../../db/client";
import { appendAudit } from "../../db/audit";
import { insertVersion, type VersionRow } from "../../db/queries/versions";
import type { AgreementContent } from "../../shared/agreement";
import { contentLimitRefusal } from "../../shared/collab/contentLimits";
import type { RefusalReason } from "../../shared/collab/protocol";
import type { Side } from "../../shared/roles";
import { newId } from "../ids";
import { contentHash } from "../versions/contentHash";

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

/** Saves an immutable version with its SHA-256 and records it in the audit chain; throws ContentOverLimit for oversize content. */
export function saveVersion(db: Db, input: VersionInput): VersionRow {
  const over = contentLimitRefusal(input.content);
  if (over) throw new ContentOverLimit(over);
  return db.transaction((tx) => {
    const hash = contentHash(input.content);
    const version = insertVersion(tx, {
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
    appendAudit(tx, {
      negotiationId: input.negotiationId,
      actorId: input.createdBy,
      action: "version.saved",
      detail: { versionId: version.id, seq: version.seq, label: input.label, contentHash: hash },
    });
    return version;
  });
}
