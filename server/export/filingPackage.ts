/**
 * 报送审查材料: the filing package the enterprise side sends to the labour administration within
 * 10 days of signing (集体合同规定第四十二条), as one ZIP:
 *
 *   00 材料清单 · 01/02 the signed agreement (PDF, DOCX) · 03 协商过程说明 · 04 职代会审议决议摘要 ·
 *   05 协商代表名单及授权委托书 (+ the uploaded 委托书 scans, named by letter number) ·
 *   06 会议纪要 (only minutes both chiefs confirmed) · 07 签署记录
 *
 * Only for a signed agreement (the caller answers 409 before). Built from the same export source
 * as the agreement files, so the package and the agreement download can never disagree. Reads no
 * caucus note and no comment. The text files are UTF-8 with a BOM and CRLF line ends, so Notepad
 * and WPS on a government office's Windows machine open them as Chinese.
 */
import { createHash } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import JSZip from "jszip";
import type { Db } from "~/db/client";
import { meetingsOf, minutesConfirmed, type MeetingRow } from "~/db/queries/meetings";
import { listParticipants, organisationsById } from "~/db/queries/negotiations";
import { listSignOffs } from "~/db/queries/signing";
import { liveTentativeAgreements } from "~/db/queries/workflow";
import { delegations, users } from "~/db/schema";
import { ROLE_LABELS } from "~/shared/roles";
import { STATUTORY_RULES } from "~/shared/rules/config";
import { filingDeadline } from "~/shared/rules/deadlines";
import type { CollabService } from "../collab/service";
import { buildAgreementDocx } from "./agreementDocx";
import { buildExportSource, type ExportSource } from "./agreementExportModel";
import { buildAgreementPdf } from "./agreementPdf";
import { neutralizeBidiControls, ratificationFields, type LayoutField } from "./agreementLayout";
import { chineseDate, chineseDateTime } from "./exportModel";
import { exportFileName, fileNamePart, filingPackageFileName } from "./fileNames";
import { refusalText, type RefusalText } from "~/shared/i18n/refusals";

export class AgreementNotSignedError extends Error {
  readonly code = "not_signed";
  /** The catalogue entry the route renders in the request's language; the Error's message is its Chinese. */
  readonly text: RefusalText = { key: "export.notSignedForFiling" };
  constructor() {
    super(refusalText("zh", { key: "export.notSignedForFiling" }));
  }
}

export const FILING_FILES = {
  index: "00-材料清单.txt",
  agreementPdf: "01-集体合同文本-已签署.pdf",
  agreementDocx: "02-集体合同文本-已签署.docx",
  processNote: "03-协商过程说明.txt",
  ratification: "04-职代会审议决议摘要.txt",
  representatives: "05-协商代表名单及授权委托书.txt",
  minutes: "06-会议纪要（双方首席代表确认）.txt",
  signatureRecord: "07-签署记录.txt",
} as const;

const SCAN_EXTENSION: Record<string, string> = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" };
const DELEGATION_KIND_LABEL = { represent: "上代下(代表协商和签署)", participate: "上参下(参与协商)" } as const;

/** A text file: every line of user text made harmless for display (bidi controls closed), BOM + CRLF. */
function textFile(title: string, lines: readonly string[]): Uint8Array {
  const body = [title, "=".repeat(Math.min(40, Array.from(title).length * 2)), "", ...lines]
    .map((line) => neutralizeBidiControls(line).replace(/\r\n|\r|\n/g, "\r\n"))
    .join("\r\n");
  return new TextEncoder().encode(`\ufeff${body.trimEnd()}\r\n`);
}

const fieldLines = (fields: readonly LayoutField[]) => fields.map((f) => `${f.label}：${f.value}`);
/** Continuation lines of a multi-line value, indented under its label. */
const indent = (text: string) => text.split(/\r\n|\r|\n/).map((line) => `    ${line}`);

async function userNames(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((u) => [u.id, u.name]));
}

async function processNote(db: Db, source: ExportSource, meetings: readonly MeetingRow[]): Promise<string[]> {
  const { negotiation, model, record } = source;
  const live = await liveTentativeAgreements(db, negotiation.id);
  const confirmedClauses = new Set(
    Array.from(live, ([, ta]) => ta).filter((ta) => ta.unionConfirmedAt !== null && ta.enterpriseConfirmedAt !== null).map((ta) => ta.clauseId),
  );
  const agreedInText = model.content.clauses.filter((c) => confirmedClauses.has(c.id)).length;
  const confirmedMinutes = meetings.filter(minutesConfirmed).length;
  const lines = [
    `协商名称：${negotiation.title}`,
    `协商范围与方式：${[model.negotiation.regionLabel, model.negotiation.scopeLabel, model.negotiation.modeLabel].filter(Boolean).join(" · ")}`,
    `甲方（工会方）：${model.negotiation.unionPartyName}`,
    `乙方（企业方）：${model.negotiation.enterprisePartyName}`,
    "",
    "一、要约",
    `要约方：${negotiation.proposedBySide === "union" ? "工会方" : "企业方"}；要约日期：${chineseDate(negotiation.proposedOn)}`,
    `书面答复日期：${negotiation.answeredOn ? chineseDate(negotiation.answeredOn) : "未登记"}`,
    "",
    "二、协商会议",
    meetings.length === 0 ? "未登记协商会议。" : `共举行协商会议 ${meetings.length} 次，其中 ${confirmedMinutes} 次会议纪要经双方首席代表确认（见材料 06）。`,
    ...meetings.map((m, i) => `  第${i + 1}次：${chineseDate(m.heldOn)}，${m.place}${minutesConfirmed(m) ? "" : "（纪要未经双方确认，未附）"}`),
    "",
    "三、条款暂定一致",
    `签署文本共 ${model.content.clauses.length} 条，其中 ${agreedInText} 条经双方首席代表确认暂定一致。`,
    "",
    "四、职工代表大会或全体职工审议",
    record.ratification
      ? `${chineseDate(record.ratification.date)}，${record.ratification.body}审议（决议编号 ${record.ratification.resolutionNo}）：${record.ratification.verdictText}（详见材料 04）`
      : "无审议记录。",
    "",
    "五、签署",
    ...(model.signatures.length === 0 ? ["无签署记录。"] : model.signatures.map((s) => `${chineseDateTime(s.signedAt)}：${s.organisation} ${s.signatoryName}（${s.capacity}）`)),
    `签署日期：${negotiation.signedOn ? chineseDate(negotiation.signedOn) : "—"}`,
    "",
    "六、报送审查",
    negotiation.signedOn
      ? `报送期限：${chineseDate(filingDeadline(negotiation.signedOn))}前（签署之日起 ${STATUTORY_RULES.FILING_DAYS.days} 日内，${STATUTORY_RULES.FILING_DAYS.source.zh}）`
      : "报送期限：—",
    `报送日期：${negotiation.filedOn ? chineseDate(negotiation.filedOn) : "尚未登记"}`,
    "",
    `本说明由同商系统于 ${chineseDateTime(model.exportedAt)} 生成。`,
  ];
  return lines;
}

async function representativesAndAuthorisations(db: Db, source: ExportSource): Promise<{ lines: string[]; scans: { name: string; data: Buffer }[] }> {
  const { negotiation } = source;
  const people = (await listParticipants(db, negotiation.id)).filter((p) => p.side === "union" || p.side === "enterprise");
  const letters = await db.select().from(delegations).where(eq(delegations.negotiationId, negotiation.id));
  const signedHash = source.model.version?.contentHash;
  const lettersSignedUnder = new Set((await listSignOffs(db, negotiation.id)).flatMap((r) => (r.signOff.contentHash === signedHash && r.signOff.delegationId ? [r.signOff.delegationId] : [])));
  const orgs = await organisationsById(db, [...people.map((p) => p.organisationId).filter((id): id is string => id !== null), ...letters.flatMap((d) => [d.fromOrgId, d.toOrgId])]);
  const orgName = (id: string | null) => (id ? (orgs.get(id)?.name ?? "") : "");

  const lines: string[] = [];
  for (const side of ["union", "enterprise"] as const) {
    const seats = people.filter((p) => p.side === side);
    lines.push(`${side === "union" ? "甲方（工会方）" : "乙方（企业方）"}协商代表（${seats.length} 人）`);
    seats.forEach((p, i) => {
      const org = orgName(p.organisationId);
      lines.push(`  ${i + 1}. ${p.displayName}，${ROLE_LABELS[p.role].zh}${org ? `，${org}` : ""}${p.outsideExpert ? "（外部专家）" : ""}`);
    });
    lines.push("");
  }

  lines.push("授权委托书");
  const scans: { name: string; data: Buffer }[] = [];
  const taken = new Set<string>();
  if (letters.length === 0) lines.push("  无。各方首席代表以本单位名义协商和签署。");
  letters.forEach((d, i) => {
    lines.push(
      `  ${i + 1}. 委托书编号：${d.letterNo}`,
      `     委托方：${orgName(d.fromOrgId)}；受托方：${orgName(d.toOrgId)}`,
      `     委托类型：${DELEGATION_KIND_LABEL[d.kind]}`,
      `     有效期：${chineseDate(d.validFrom)} 至 ${chineseDate(d.validTo)}`,
      `     状态：${d.revokedAt !== null ? `已撤销${d.revokeReason ? `（${d.revokeReason}）` : ""}` : "有效"}${lettersSignedUnder.has(d.id) ? "；本协议据此签署" : ""}`,
    );
    const ext = d.scan && d.scanMime ? SCAN_EXTENSION[d.scanMime] : undefined;
    if (d.scan && ext) {
      const stem = `05-委托书扫描件-${fileNamePart(d.letterNo, 40) || String(i + 1)}`;
      let name = `${stem}.${ext}`;
      for (let n = 2; taken.has(name); n++) name = `${stem}-${n}.${ext}`;
      taken.add(name);
      scans.push({ name, data: d.scan });
      lines.push(`     扫描件：${name}`);
    } else {
      lines.push("     扫描件：未上传（请随附纸质委托书）");
    }
  });
  return { lines, scans };
}

async function confirmedMinutesText(db: Db, source: ExportSource, meetings: readonly MeetingRow[]): Promise<string[]> {
  const confirmed = meetings.filter(minutesConfirmed);
  if (confirmed.length === 0) return ["无经双方首席代表确认的会议纪要。"];
  const names = await userNames(db, confirmed.flatMap((m) => [m.chairUserId, m.unionConfirmedBy, m.enterpriseConfirmedBy, ...m.attendees]));
  const name = (id: string | null) => (id ? (names.get(id) ?? "") : "—");
  const lines: string[] = [`共 ${confirmed.length} 份（未经双方首席代表确认的纪要不在此列）。`, ""];
  confirmed.forEach((m, i) => {
    lines.push(
      `【第${i + 1}份】${chineseDate(m.heldOn)} 协商会议`,
      `地点：${m.place}`,
      `主持人：${name(m.chairUserId)}`,
      `记录人：${m.minuteTaker}`,
      `出席：${m.attendees.map(name).join("、") || "—"}`,
      "议程：",
      ...m.agenda.map((item, k) => `  ${k + 1}. ${item}`),
      "纪要：",
      ...indent(m.minutes || "—"),
      "结果：",
      ...(m.outcomes.length ? m.outcomes.map((item, k) => `  ${k + 1}. ${item}`) : ["  —"]),
    );
    if (m.suspendedReason) lines.push(`中止协商：${m.suspendedReason}${m.resumeOn ? `，拟于 ${chineseDate(m.resumeOn)} 恢复` : ""}`);
    lines.push(
      `工会方首席代表确认：${name(m.unionConfirmedBy)}，${chineseDateTime(new Date(m.unionConfirmedAt!).toISOString())}`,
      `企业方首席代表确认：${name(m.enterpriseConfirmedBy)}，${chineseDateTime(new Date(m.enterpriseConfirmedAt!).toISOString())}`,
      "",
    );
  });
  return lines;
}

function signatureRecordText(source: ExportSource): string[] {
  const { model, record } = source;
  const lines: string[] = [
    `文本版本：${model.version?.label ?? "—"}`,
    `文本内容哈希（SHA-256）：${model.version?.contentHash ?? "—"}`,
    "",
  ];
  model.signatures.forEach((s, i) => {
    lines.push(
      `签署 ${i + 1}`,
      `  签署单位：${s.organisation}`,
      `  签署人：${s.signatoryName}`,
      `  签署身份：${s.capacity}`,
      `  委托书：${s.delegationRef ?? "无（以本单位名义签署）"}`,
      `  签署时间：${chineseDateTime(s.signedAt)}`,
      `  所签内容哈希：${s.contentHash}${model.version && s.contentHash === model.version.contentHash ? "（与文本一致）" : "（与文本不一致！）"}`,
      "",
    );
  });
  lines.push(
    record.auditChain.ok
      ? `审计链：完整，共 ${record.auditChain.entries} 条；链头 ${record.auditChainHead}`
      : `审计链：第 ${record.auditChain.brokenId} 条起校验失败（${record.auditChain.reason}），请勿报送，先核查。`,
    `导出时间：${chineseDateTime(model.exportedAt)}`,
  );
  return lines;
}

export interface FilingPackage {
  buffer: Buffer;
  fileName: string;
  asciiFallback: string;
  /** Entry names in the ZIP, in order. */
  entries: string[];
  contentHash: string;
  /** SHA-256 of everything the package prints except the moment it was built (see filingInputsDigest). */
  digest: string;
}

/** The package's text files and scans, from what the database holds now. */
async function filingFiles(db: Db, source: ExportSource, meetings: readonly MeetingRow[]) {
  const { model, record } = source;
  const title = model.content.title;
  const reps = await representativesAndAuthorisations(db, source);
  const texts = {
    processNote: textFile(`${title} 协商过程说明`, await processNote(db, source, meetings)),
    ratification: textFile(
      `${title} 职工代表大会或全体职工审议决议摘要`,
      record.ratification && model.ratification
        ? [...fieldLines(ratificationFields(model.ratification).fields), ...ratificationFields(model.ratification).notes]
        : ["无审议记录。"],
    ),
    representatives: textFile(`${title} 协商代表名单及授权委托书`, reps.lines),
    minutes: textFile(`${title} 会议纪要`, await confirmedMinutesText(db, source, meetings)),
    signatureRecord: textFile(`${title} 签署记录`, signatureRecordText(source)),
  };
  return { texts, scans: reps.scans };
}

/**
 * The cache key of a package: a SHA-256 over what it prints — the signed version's content hash
 * and the whole export model (PDF and DOCX are made from it), every text file and every scan —
 * rendered with the moment of the build left out: the export time, and the audit chain's head and
 * length, which every download moves (the download itself is audited). Whether the chain verifies
 * stays in. So a changed filing record, minutes, delegation, ratification or name changes the key.
 */
async function filingInputsDigest(db: Db, source: ExportSource, meetings: readonly MeetingRow[]): Promise<string> {
  const chain = source.record.auditChain;
  const timeless: ExportSource = {
    ...source,
    model: { ...source.model, exportedAt: TIMELESS, auditChainHead: undefined },
    record: { ...source.record, auditChainHead: null, auditChain: chain.ok ? { ok: true, entries: 0 } : chain },
  };
  const { texts, scans } = await filingFiles(db, timeless, meetings);
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ contentHash: source.model.version?.contentHash, model: timeless.model }));
  for (const text of Object.values(texts)) hash.update(text);
  for (const scan of scans) hash.update(`\u0000${scan.name}\u0000`).update(scan.data);
  return hash.digest("hex");
}
const TIMELESS = new Date(0).toISOString();

/** Builds the package from the database as it stands (about a second: the PDF and DOCX dominate). */
export async function buildFilingPackage(db: Db, collab: Pick<CollabService, "readAgreement">, negotiationId: string, now = new Date()): Promise<FilingPackage> {
  const source = await buildExportSource(db, collab, negotiationId, now);
  const meetings = await meetingsOf(db, negotiationId);
  return assemble(db, source, meetings, await filingInputsDigest(db, source, meetings), now);
}

async function assemble(db: Db, source: ExportSource, meetings: readonly MeetingRow[], digest: string, now: Date): Promise<FilingPackage> {
  const { model } = source;
  if (model.status !== "signed" || !model.version) throw new AgreementNotSignedError();
  const { texts, scans } = await filingFiles(db, source, meetings);
  // The filing copy of the PDF claims PDF/A-2b (archival); the download route's PDF is the same text, tagged, without the claim.
  const [pdf, docx] = [await buildAgreementPdf(model, { pdfA: true }), await buildAgreementDocx(model)];
  const title = model.content.title;

  const files: { name: string; data: Uint8Array | Buffer; what: string }[] = [
    { name: FILING_FILES.agreementPdf, data: pdf, what: `集体合同文本（PDF/A，${exportFileName(model, "pdf").fileName}）` },
    { name: FILING_FILES.agreementDocx, data: docx, what: "集体合同文本（Word/WPS 可编辑）" },
    { name: FILING_FILES.processNote, data: texts.processNote, what: "协商过程说明" },
    { name: FILING_FILES.ratification, data: texts.ratification, what: "职代会（职工大会）审议决议摘要：出席与表决人数及计算" },
    { name: FILING_FILES.representatives, data: texts.representatives, what: "双方协商代表名单、首席代表身份及书面授权" },
    ...scans.map((s) => ({ name: s.name, data: s.data, what: "授权委托书扫描件" })),
    { name: FILING_FILES.minutes, data: texts.minutes, what: "经双方首席代表确认的协商会议纪要" },
    { name: FILING_FILES.signatureRecord, data: texts.signatureRecord, what: "签署记录：签署人、身份、委托、时间、内容哈希、审计链头" },
  ];
  const index = textFile(`${title} 报送审查材料清单`, [
    `报送依据：${STATUTORY_RULES.FILING_DAYS.source.zh}`,
    "",
    ...files.map((f, i) => `${i + 1}. ${f.name}：${f.what}`),
    "",
    `文本内容哈希（SHA-256）：${model.version.contentHash}`,
    `生成时间：${chineseDateTime(model.exportedAt)}`,
  ]);

  const zip = new JSZip();
  for (const file of [{ name: FILING_FILES.index, data: index }, ...files]) {
    // PDF, DOCX and scans are compressed already.
    const stored = /\.(pdf|docx|jpg|png)$/.test(file.name);
    zip.file(file.name, file.data, { date: now, compression: stored ? "STORE" : "DEFLATE" });
  }
  const buffer = await zip.generateAsync({ type: "nodebuffer", platform: "DOS", compressionOptions: { level: 6 } });
  const name = filingPackageFileName(model);
  return { buffer, ...name, entries: [FILING_FILES.index, ...files.map((f) => f.name)], contentHash: model.version.contentHash, digest };
}

/** The last package built per negotiation, per database (a test server has its own). */
const cache = new WeakMap<Db, Map<string, FilingPackage>>();

/**
 * The filing package, from the cache while nothing it prints has changed (`filingInputsDigest`),
 * rebuilt otherwise. A cached package keeps the time it was built (生成时间) and the audit chain as
 * it stood then; the download's file name carries today's date.
 */
export async function filingPackage(
  db: Db,
  collab: Pick<CollabService, "readAgreement">,
  negotiationId: string,
  now = new Date(),
): Promise<FilingPackage & { fromCache: boolean }> {
  const source = await buildExportSource(db, collab, negotiationId, now);
  if (source.model.status !== "signed" || !source.model.version) throw new AgreementNotSignedError();
  const meetings = await meetingsOf(db, negotiationId);
  const digest = await filingInputsDigest(db, source, meetings);
  let packages = cache.get(db);
  if (!packages) cache.set(db, (packages = new Map()));
  const cached = packages.get(negotiationId);
  if (cached && cached.digest === digest) return { ...cached, ...filingPackageFileName(source.model), fromCache: true };
  const built = await assemble(db, source, meetings, digest, now);
  packages.set(negotiationId, built);
  return { ...built, fromCache: false };
}
