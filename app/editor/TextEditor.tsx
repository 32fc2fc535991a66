import { defaultKeymap, insertNewlineAndIndent } from "@codemirror/commands";
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderExt } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { yCollab, ySyncAnnotation, yUndoManagerKeymap } from "y-codemirror.next";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";

interface TextEditorProps {
  text: Y.Text;
  awareness: Awareness;
  readOnly: boolean;
  singleLine?: boolean;
  label: string;
  placeholder?: string;
  testId?: string;
  onFocus?: () => void;
}

/**
 * One CodeMirror 6 view bound to one Y.Text through y-codemirror.next: remote edits, labelled
 * remote cursors, and an undo manager that only tracks this user's own edits (ADR 005).
 * CodeMirror defers remote changes around an active IME composition, so pinyin input survives.
 */
export function TextEditor({ text, awareness, readOnly, singleLine, label, placeholder, testId, onFocus }: TextEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const focusRef = useRef(onFocus);
  focusRef.current = onFocus;

  useEffect(() => {
    if (!host.current) return;
    const undoManager = new Y.UndoManager(text);
    const extensions: Extension[] = [
      keymap.of([...yUndoManagerKeymap, ...(singleLine ? [{ key: "Enter", run: () => true }] : [{ key: "Enter", run: insertNewlineAndIndent }]), ...defaultKeymap]),
      yCollab(text, awareness, { undoManager }),
      EditorView.contentAttributes.of({ "aria-label": label, ...(testId ? { "data-testid": testId } : {}), ...(singleLine ? {} : { "aria-multiline": "true" }) }),
      EditorView.domEventHandlers({ focus: () => focusRef.current?.() }),
      EditorState.readOnly.of(readOnly),
      EditorView.editable.of(!readOnly),
    ];
    if (!singleLine) extensions.push(EditorView.lineWrapping);
    // A title stays one line; remote changes (ySyncAnnotation) always pass, or CodeMirror and Yjs would diverge.
    if (singleLine) extensions.push(EditorState.transactionFilter.of((tr) => (tr.docChanged && tr.annotation(ySyncAnnotation) === undefined && tr.newDoc.lines > 1 ? [] : tr)));
    if (placeholder) extensions.push(placeholderExt(placeholder));
    const view = new EditorView({ parent: host.current, state: EditorState.create({ doc: text.toString(), extensions }) });
    return () => {
      view.destroy();
      undoManager.destroy();
    };
  }, [text, awareness, readOnly, singleLine, label, placeholder, testId]);

  return <div ref={host} className={singleLine ? "text-editor single-line" : "text-editor"} />;
}
