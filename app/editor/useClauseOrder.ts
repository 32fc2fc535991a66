import { useEffect, useState } from "react";
import * as Y from "yjs";
import { clausesMap, orderedClauses, type ClauseEntry } from "~/shared/collab/docShape";
import { metaTitle } from "~/shared/collab/docShape";

/**
 * The clauses in document order. Re-renders only when the structure changes (a clause added,
 * deleted, moved or re-topicked), never on a keystroke inside a clause's text.
 */
export function useClauseOrder(doc: Y.Doc | undefined): { clauses: ClauseEntry[]; title: Y.Text | null } {
  const [clauses, setClauses] = useState<ClauseEntry[]>([]);
  const [title, setTitle] = useState<Y.Text | null>(null);
  useEffect(() => {
    if (!doc) return;
    const map = clausesMap(doc);
    const refresh = () => setClauses(orderedClauses(doc));
    const onDeep = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      if (events.some((e) => e.target instanceof Y.Map)) refresh();
    };
    const meta = doc.getMap("meta");
    const onMeta = () => setTitle(meta.get("title") instanceof Y.Text ? (meta.get("title") as Y.Text) : null);
    refresh();
    onMeta();
    map.observeDeep(onDeep);
    meta.observe(onMeta);
    return () => {
      map.unobserveDeep(onDeep);
      meta.unobserve(onMeta);
    };
  }, [doc]);
  return { clauses, title };
}

export { metaTitle };
