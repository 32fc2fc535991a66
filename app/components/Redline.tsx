import type { DiffPart } from "~/shared/diff/textDiff";

/**
 * A text diff as HTML: insertions in <ins> (underlined and coloured), deletions in <del> (struck
 * and coloured), so the redline reads and prints without colour. `side` shows one version only:
 * "before" keeps the deletions, "after" the insertions (side-by-side view).
 * `context` (changes-only view) shortens long unchanged runs to their ends around an ellipsis.
 */
export function Redline({ parts, side = "both", context, insertedLabel, deletedLabel }: { parts: DiffPart[]; side?: "both" | "before" | "after"; context?: number; insertedLabel?: string; deletedLabel?: string }) {
  return (
    <>
      {parts.map((part, i) => {
        if (part.kind === "equal") {
          const text = context === undefined ? part.text : elide(part.text, context, i === 0, i === parts.length - 1);
          return <span key={i}>{text}</span>;
        }
        if (part.kind === "insert") {
          if (side === "before") return null;
          return (
            <ins key={i} className="diff-ins" title={insertedLabel}>
              {part.text}
            </ins>
          );
        }
        if (side === "after") return null;
        return (
          <del key={i} className="diff-del" title={deletedLabel}>
            {part.text}
          </del>
        );
      })}
    </>
  );
}

function elide(text: string, keep: number, first: boolean, last: boolean): string {
  const chars = Array.from(text);
  if (chars.length <= keep * 2 + 1) return text;
  const head = first ? "" : chars.slice(0, keep).join("");
  const tail = last ? "" : chars.slice(-keep).join("");
  return `${head}…${tail}`;
}

/** Whether a diff changes anything. */
export function hasChanges(parts: DiffPart[]): boolean {
  return parts.some((part) => part.kind !== "equal");
}
