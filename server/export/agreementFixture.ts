/**
 * Export models built from the seed fixture (db/seed-data/agreement-v2.json), for the export tests
 * and bench/export.bench.ts. The organisations and people are fictional.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { agreementContentSchema, type AgreementContent, type Clause } from "~/shared/agreement";
import { canonicalAgreement } from "~/shared/canonical";
import type { AgreementExport, AgreementStatus } from "./exportModel";

const FIXTURE_PATH = fileURLToPath(new URL("../../db/seed-data/agreement-v2.json", import.meta.url));

/** The platform's answer (平台方回应稿), 33 clauses, validated like an import. */
export function fixtureContent(): AgreementContent {
  return agreementContentSchema.parse(JSON.parse(readFileSync(FIXTURE_PATH, "utf8")));
}

/** `count` clauses made by repeating the fixture's clauses in order, each copy with a fresh id. */
export function repeatedClauses(clauses: readonly Clause[], count: number): Clause[] {
  return Array.from({ length: count }, (_, i) => {
    const source = clauses[i % clauses.length]!;
    return { ...source, id: `${source.id}-r${Math.floor(i / clauses.length)}` };
  });
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * The demo negotiation's agreement, signed under 上代下 by the city federation (委托书 QC-2026-001)
 * and by the platform's chief representative, ratified by the workers' congress.
 */
export function fixtureAgreementExport(
  options: { status?: AgreementStatus; content?: AgreementContent } = {},
): AgreementExport {
  const status = options.status ?? "signed";
  const content = options.content ?? fixtureContent();
  const contentHash = sha256(canonicalAgreement(content));
  const signed = status === "signed";
  return {
    content,
    status,
    negotiation: {
      title: "青城市网络餐饮配送行业集体协商（2026）",
      scopeLabel: "行业性",
      regionLabel: "青城市",
      unionPartyName: "青城市网络餐饮配送行业工会联合会",
      enterprisePartyName: "青城迅达网络科技有限公司及其合作配送商",
      modeLabel: "上代下",
    },
    version: { label: "平台方回应稿", contentHash, createdAt: "2026-11-10T02:15:00.000Z" },
    signatures: signed
      ? [
          {
            side: "union",
            organisation: "青城市总工会",
            signatoryName: "王建国",
            capacity: "青城市总工会（受青城市网络餐饮配送行业工会联合会委托，上代下，委托书 QC-2026-001）",
            signedAt: "2026-11-24T07:30:00.000Z",
            contentHash,
            delegationRef: "QC-2026-001",
          },
          {
            side: "enterprise",
            organisation: "青城迅达网络科技有限公司",
            signatoryName: "李晓梅",
            capacity: "乙方首席代表（人力资源总监，经法定代表人书面授权）",
            signedAt: "2026-11-24T07:45:00.000Z",
            contentHash,
          },
        ]
      : [],
    ratification: signed
      ? {
          body: "青城市网络餐饮配送行业职工代表大会",
          total: 120,
          attended: 96,
          approved: 81,
          against: 9,
          abstained: 6,
          date: "2026-11-20",
          resolutionNo: "青配工代〔2026〕3号",
          verdictText: "通过",
        }
      : undefined,
    representatives: [
      { side: "union", name: "赵红", role: "首席代表" },
      { side: "union", name: "孙立强", role: "协商代表" },
      { side: "union", name: "周敏", role: "法律顾问" },
      { side: "enterprise", name: "李晓梅", role: "首席代表" },
      { side: "enterprise", name: "陈志远", role: "协商代表" },
      { side: "enterprise", name: "刘洋", role: "协商代表" },
    ],
    auditChainHead: sha256(`audit:${contentHash}:2026-11-24T07:45:00.000Z`),
    exportedAt: "2026-11-24T08:00:00.000Z",
  };
}

/**
 * A clause body built to break exporters: markup, an XML CDATA terminator, entities, a bidi
 * override, a zero-width space, astral characters (CJK Extension B and an emoji), a second 款
 * on a new line, and a 300-character run without a break opportunity.
 */
export const HOSTILE_BODY =
  '乙方不得在派单页面插入<script>alert("派单")</script>代码，A&B、&amp;、]]>与"引号"\'撇号\'均按原文保留；' +
  "右向左覆盖\u202E此段文字\u202C结束，零宽\u200B空格，生僻字𠀀与表情😀。\n" +
  `第二款：附链接https://example.org/${"x".repeat(300)}为准。`;

export const HOSTILE_TITLE = "标题<b>&]]>\u202E😀";

/** The fixture agreement with one hostile clause added in the second chapter. */
export function hostileAgreementExport(status: AgreementStatus = "signed"): AgreementExport {
  const content = fixtureContent();
  const clauses = [...content.clauses];
  clauses.splice(5, 0, { id: "hostile", topic: "order_allocation", title: HOSTILE_TITLE, body: HOSTILE_BODY });
  return fixtureAgreementExport({ status, content: { ...content, clauses } });
}
