import type { Db } from "~/db/client";
import { findVersion, versionAuthorName } from "~/db/queries/versions";
import type { AgreementContent } from "~/shared/agreement";
import { compareAgreements, type AgreementComparison } from "~/shared/diff/compareAgreements";
import { SIDE_LABELS, type Side } from "~/shared/roles";
import { caucusDocumentName } from "~/shared/collab/documentName";
import { readAgreement } from "~/shared/collab/docShape";
import { CAUCUS, LIVE } from "~/shared/schemas/version";
import { caucusSideOf } from "../policies/negotiation";
import type { CollabService } from "../collab/service";

/** One side of a comparison: a saved version, or the live draft as the requesting user sees it now. */
export interface ComparisonSide {
  ref: string;
  label: string;
  content: AgreementContent;
  /** Who saved it (for `live`: the person asking), and for which side: the author of the redline's revisions. */
  authorName: string | null;
  side: Side | null;
  createdAt: Date;
}

export const LIVE_LABEL = "实时草稿";

export interface Requester {
  name: string;
  side: Side;
}

export const CAUCUS_LABEL: Record<"union" | "enterprise", string> = { union: "工会方内部草案", enterprise: "企业方内部草案" };

export async function resolveComparisonSide(db: Db, collab: CollabService, negotiationId: string, ref: string, requester: Requester, now = new Date()): Promise<ComparisonSide | null> {
  if (ref === LIVE) {
    return { ref, label: LIVE_LABEL, content: await collab.readAgreement(negotiationId), authorName: requester.name, side: requester.side, createdAt: now };
  }
  if (ref === CAUCUS) {
    // Always the requester's own side's private draft; observers have none (a 404 like any unknown ref).
    const side = caucusSideOf({ side: requester.side, role: "observer" });
    if (!side) return null;
    const content = await collab.withDocument(caucusDocumentName(negotiationId, side), readAgreement);
    return { ref, label: CAUCUS_LABEL[side], content, authorName: requester.name, side, createdAt: now };
  }
  const version = await findVersion(db, negotiationId, ref);
  if (!version) return null;
  return {
    ref,
    label: version.label,
    content: version.agreement,
    authorName: await versionAuthorName(db, version.createdBy),
    side: version.side,
    createdAt: new Date(version.createdAt),
  };
}

export type ComparisonResult =
  | { ok: true; from: ComparisonSide; to: ComparisonSide; comparison: AgreementComparison }
  | { ok: false; missing: string };

/** Resolves both sides (`live` or a version id of this negotiation) and compares them. */
export async function compareRefs(db: Db, collab: CollabService, negotiationId: string, refs: { from: string; to: string }, requester: Requester): Promise<ComparisonResult> {
  const from = await resolveComparisonSide(db, collab, negotiationId, refs.from, requester);
  if (!from) return { ok: false, missing: refs.from };
  const to = refs.to === refs.from ? from : await resolveComparisonSide(db, collab, negotiationId, refs.to, requester);
  if (!to) return { ok: false, missing: refs.to };
  return { ok: true, from, to, comparison: compareAgreements(from.content, to.content) };
}

/** "刘人事（企业方）": the person and side who made the newer version, as Word shows a revision's author. */
export function revisionAuthor(side: ComparisonSide): string {
  const sideLabel = side.side ? SIDE_LABELS[side.side].zh : null;
  if (side.authorName && sideLabel) return `${side.authorName}（${sideLabel}）`;
  return side.authorName ?? sideLabel ?? "同商";
}

/** The compare.json whitelist: the engine's comparison with the two ids and labels. */
export function presentComparison(from: ComparisonSide, to: ComparisonSide, comparison: AgreementComparison) {
  return {
    from: from.ref,
    to: to.ref,
    fromLabel: from.label,
    toLabel: to.label,
    clauses: comparison.clauses,
    figures: comparison.figures,
    summary: comparison.summary,
    titleChanged: comparison.titleChanged,
  };
}

export type PresentedComparison = ReturnType<typeof presentComparison>;

