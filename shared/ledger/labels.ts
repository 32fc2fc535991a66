/** The ledger's bilingual labels, for the page, the XLSX and the PDF alike (Chinese first). */
import type { LedgerClockKind } from "./clocks";
import type { NegotiationStatus } from "./types";

export const CLOCK_LABELS: Record<LedgerClockKind, { zh: string; en: string }> = {
  answer: { zh: "要约回应", en: "Answer to the proposal" },
  filing: { zh: "报送审查", en: "Filing" },
  review: { zh: "审查期", en: "Review" },
  publication: { zh: "生效后公布", en: "Publication" },
  renewal: { zh: "续订窗口", en: "Renewal window" },
  algorithm: { zh: "年度算法规则协商", en: "Annual algorithm consultation" },
};

/** The flag each kind raises in the ledger (挂账). */
export const FLAG_LABELS: Record<LedgerClockKind, { zh: string; en: string }> = {
  answer: { zh: "要约回应逾期", en: "Answer overdue" },
  filing: { zh: "报送审查逾期", en: "Filing overdue" },
  review: { zh: "审查期满未登记结果", en: "Review ended, no outcome recorded" },
  publication: { zh: "生效后10日内未公布", en: "Not published within 10 days of taking effect" },
  renewal: { zh: "续订窗口已开启", en: "Renewal window open" },
  algorithm: { zh: "年度算法规则协商到期", en: "Annual algorithm consultation due" },
};

/** Stages a negotiation passes, dated (L-8); `expired` follows `effective`. */
export const STAGES = ["proposed", "bargaining", "ratified", "signed", "filed", "effective", "expired"] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage | NegotiationStatus, { zh: string; en: string }> = {
  proposed: { zh: "已要约", en: "Proposed" },
  bargaining: { zh: "协商中", en: "Bargaining" },
  suspended: { zh: "已中止", en: "Suspended" },
  ratified: { zh: "已审议通过", en: "Ratified" },
  signed: { zh: "已签署", en: "Signed" },
  filed: { zh: "已报送审查", en: "Filed" },
  effective: { zh: "已生效", en: "In force" },
  expired: { zh: "已到期", en: "Expired" },
};
