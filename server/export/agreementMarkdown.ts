/**
 * The agreement as Markdown (CommonMark), for archives and for diffing in version control.
 *
 * Text from the agreement is escaped, not sanitised: every ASCII punctuation character CommonMark
 * could read as markup is backslash-escaped, so `<script>` shows as text in any renderer that
 * follows the spec and the source stays readable. Nothing is dropped: the archive keeps every
 * character the parties wrote, invisible ones included; bidi controls get an invisible closing
 * character each so they cannot reorder what a renderer displays (see neutralizeBidiControls).
 * The exact text is the JSON export, which the content hash covers.
 */
import { buildAgreementLayout, neutralizeBidiControls, type LayoutField } from "./agreementLayout";
import type { AgreementExport } from "./exportModel";

/**
 * Escapes text for use inside a Markdown paragraph or heading. Backslash-escapes the ASCII
 * punctuation that can open or close inline markup, HTML or an entity (CommonMark §2.4 allows
 * escaping any ASCII punctuation), and the line-start characters that would open a block
 * (`-`, `+`, `=`, `1.`); `#` and `>` are escaped everywhere.
 */
export function escapeMarkdown(text: string): string {
  return neutralizeBidiControls(text)
    .replace(/[\\`*_[\]<>#|~&]/g, (ch) => `\\${ch}`)
    .replace(/^(\s*)([-+=])/gm, "$1\\$2")
    .replace(/^(\s*)(\d{1,9})([.)])(?=[ \t]|$)/gm, "$1$2\\$3");
}

/** Hard line breaks inside one paragraph (a backslash at the end of a line, CommonMark §6.7). */
function lines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(escapeMarkdown)
    .join("\\\n");
}

function fieldLine(field: LayoutField): string {
  const value = field.mono ? `\`${field.value.replace(/`/g, "")}\`` : lines(field.value);
  return `- **${escapeMarkdown(field.label)}**：${value}`;
}

export function buildAgreementMarkdown(model: AgreementExport): string {
  const layout = buildAgreementLayout(model);
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(layout.title)}`, "");
  if (layout.isDraft) out.push(`> **${escapeMarkdown(layout.draftHeader)}**`, ">");
  for (const line of layout.subtitleLines) out.push(`> ${escapeMarkdown(line)}\\`);
  if (layout.subtitleLines.length > 0) out[out.length - 1] = out[out.length - 1]!.replace(/\\$/, "");
  out.push("");

  for (const chapter of layout.chapters) {
    out.push(`## ${escapeMarkdown(`${chapter.label}\u3000${chapter.title}`)}`, "");
    for (const article of chapter.articles) {
      const title = article.title ? `**${escapeMarkdown(article.title)}**\u3000` : "";
      out.push(`**${escapeMarkdown(article.label)}**\u3000${title}${lines(article.body)}`, "");
    }
  }

  out.push("## 签署", "");
  for (const block of layout.signatureBlocks) {
    out.push(`### ${escapeMarkdown(block.heading)}：${escapeMarkdown(block.party)}`, "");
    block.signatories.forEach((fields, index) => {
      if (index > 0) out.push("");
      for (const field of fields) out.push(fieldLine(field.value === "" ? { ...field, value: "＿＿＿＿＿＿" } : field));
    });
    out.push("");
  }

  out.push(`## ${escapeMarkdown(layout.appendix.title.replace(" ", "\u3000"))}`, "");
  for (const section of layout.appendix.sections) {
    out.push(`### ${escapeMarkdown(section.heading)}`, "");
    section.groups.forEach((group, index) => {
      if (index > 0) out.push("");
      for (const field of group) out.push(fieldLine(field));
    });
    if (section.groups.length > 0) out.push("");
    for (const note of section.notes) out.push(lines(note), "");
  }
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
