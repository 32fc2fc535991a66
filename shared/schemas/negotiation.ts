import { z } from "zod";
import { agreementContentSchema, type AgreementContent } from "../agreement";
import { MODES, ROLES, roleFitsSide, SCOPES, SIDES } from "../roles";
import { isCalendarDate } from "../rules/deadlines";
import { isAncestor, type OrgNode } from "../rules/delegation";
import { jsonFieldPath, zodIssueZh } from "./zodZh";

/** An organisation as the start form offers it (unions for one side, enterprises for the other). */
export interface OrganisationChoice {
  id: string;
  name: string;
  kind: "union" | "enterprise" | "assembly" | "authority";
  parentId: string | null;
}

/** An imported draft may be at most this large (the 33-clause fixtures are about 20 KB). */
export const MAX_DRAFT_BYTES = 2 * 1024 * 1024;

export const DRAFT_SOURCES = ["blank", "import"] as const;
export type DraftSource = (typeof DRAFT_SOURCES)[number];

function choice<T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.enum(values, { errorMap: () => ({ message }) });
}

/**
 * The 要约 form (one schema, client and server). It needs the organisations, because the two
 * parties must be a union and an enterprise, and under 上代下 / 上参下 the higher-level union must
 * stand above the union side in the tree (docs/domain.md: delegations go upward).
 */
export function negotiationStartSchema(organisations: readonly OrganisationChoice[]) {
  const byId = new Map(organisations.map((o) => [o.id, o]));
  const tree: OrgNode[] = organisations.map((o) => ({ id: o.id, parentId: o.parentId, kind: o.kind === "authority" ? "enterprise" : o.kind }));
  return z
    .object({
      title: z.string({ required_error: "请输入协商标题" }).trim().min(1, "请输入协商标题").max(200, "标题不超过 200 个字符"),
      scope: choice(SCOPES, "请选择协商范围"),
      region: z.string({ required_error: "请输入地区" }).trim().min(1, "请输入地区").max(100, "地区不超过 100 个字符"),
      industry: z.string({ required_error: "请输入行业" }).trim().min(1, "请输入行业").max(100, "行业不超过 100 个字符"),
      unionOrgId: z.string({ required_error: "请选择工会方组织" }).min(1, "请选择工会方组织"),
      enterpriseOrgId: z.string({ required_error: "请选择企业方组织" }).min(1, "请选择企业方组织"),
      mode: choice(MODES, "请选择协商方式"),
      higherUnionOrgId: z
        .string()
        .optional()
        .transform((v) => (v ? v : null)),
      proposedBySide: choice(["union", "enterprise"] as const, "请选择要约方"),
      proposedOn: z.string({ required_error: "请输入要约日期" }).refine(isCalendarDate, "请输入有效日期(YYYY-MM-DD)"),
      creatorSide: choice(SIDES, "请选择您的席位"),
      creatorRole: choice(ROLES, "请选择您的角色"),
      draftSource: choice(DRAFT_SOURCES, "请选择初始草案"),
    })
    .superRefine((value, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
      const union = byId.get(value.unionOrgId);
      if (!union || union.kind !== "union") issue("unionOrgId", "工会方组织必须是一个工会");
      const enterprise = byId.get(value.enterpriseOrgId);
      if (!enterprise || enterprise.kind !== "enterprise") issue("enterpriseOrgId", "企业方组织必须是一家企业");
      if (value.mode === "standard") {
        // no higher-level union takes part: a choice left in the form is dropped below
      } else if (!value.higherUnionOrgId) {
        issue("higherUnionOrgId", "上代下、上参下方式必须选择上级工会");
      } else if (union && !isAncestor(tree, value.higherUnionOrgId, union.id)) {
        issue("higherUnionOrgId", "上级工会必须是工会方组织在组织树中的上级");
      }
      if (!roleFitsSide(value.creatorSide, value.creatorRole)) issue("creatorRole", "该角色与所选席位不符");
      if (value.creatorRole === "higher_union" && value.mode === "standard") issue("creatorRole", "标准方式下没有上级工会角色");
    })
    .transform((value) => (value.mode === "standard" ? { ...value, higherUnionOrgId: null } : value));
}

export type NegotiationStartForm = z.output<ReturnType<typeof negotiationStartSchema>>;

export type DraftParse = { ok: true; content: AgreementContent } | { ok: false; message: string };

/** Reads an uploaded draft (the fixtures' shape) and says which field is wrong when it is not. */
export function parseDraftJson(text: string, byteLength = new TextEncoder().encode(text).length): DraftParse {
  if (byteLength > MAX_DRAFT_BYTES) return { ok: false, message: "文件超过 2 MB,无法导入" };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `文件不是有效的 JSON:${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = agreementContentSchema.safeParse(data);
  if (parsed.success) return { ok: true, content: { title: parsed.data.title, clauses: parsed.data.clauses } };
  const first = parsed.error.issues[0]!;
  const more = parsed.error.issues.length > 1 ? `(另有 ${parsed.error.issues.length - 1} 处问题)` : "";
  return { ok: false, message: `JSON 字段 ${jsonFieldPath(first.path)}:${zodIssueZh(first)}${more}` };
}
