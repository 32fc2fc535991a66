import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { useT } from "../i18n/useT";
import { TextEditor } from "./TextEditor";

/**
 * The agreement's title at the top of a draft: its live line editor once the shared document has
 * synced, and until then the title as the server rendered it.
 */
export function AgreementTitle({ text, awareness, readOnly, initial }: { text: Y.Text | null | undefined; awareness: Awareness | undefined; readOnly: boolean; initial: string }) {
  const t = useT();
  return text && awareness ? (
    <div className="agreement-title">
      <TextEditor text={text} awareness={awareness} readOnly={readOnly} singleLine label={t.title} testId="agreement-title" />
    </div>
  ) : (
    <h2 className="agreement-title">{initial}</h2>
  );
}
