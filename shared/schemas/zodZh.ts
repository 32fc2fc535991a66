import type { ZodIssue } from "zod";

/**
 * Explains one zod issue about an uploaded file in Chinese, naming the field the way a person
 * reading the JSON finds it: `clauses[3].topic`. Messages a schema already gives in Chinese
 * (custom messages) are kept.
 */
export function jsonFieldPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out ? `.${part}` : part;
  return out || "(根)";
}

const HAS_CJK = /[\u4e00-\u9fff]/;

export function zodIssueZh(issue: ZodIssue): string {
  if (HAS_CJK.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return issue.received === "undefined" ? "缺少此字段" : `类型应为 ${issue.expected},实际为 ${issue.received}`;
    case "invalid_enum_value":
      return `取值“${String(issue.received)}”无效,应为 ${issue.options.map(String).join("、")} 之一`;
    case "too_big":
      return issue.type === "array" ? `最多 ${Number(issue.maximum)} 项` : `过长:最多 ${Number(issue.maximum)} 个字符`;
    case "too_small":
      return issue.type === "array" ? `至少 ${Number(issue.minimum)} 项` : `不能为空`;
    case "invalid_string":
      return "格式不正确";
    default:
      return "取值无效";
  }
}
