import { useEffect, useState } from "react";
import type * as Y from "yjs";

/** A finding as evidence.json gives it (contract): the message already bilingual. */
export interface LiveFinding {
  clauseId: string;
  rule: string;
  level: "unlawful" | "weaker" | "ok";
  figure: string | null;
  floor: string;
  message: string;
  source: string;
}

/** Ask again this long after the last change to the draft: checks follow typing without a request per key. */
export const LIVE_FINDINGS_DEBOUNCE_MS = 1_200;

/**
 * The live draft's findings, computed on the server (evidence.json?version=live, EV-8) and asked
 * again shortly after any change to the shared document, so a clause typed now is checked like
 * any other. Keyed by clause id.
 */
export function useLiveFindings(negotiationId: string, doc: Y.Doc | undefined): Map<string, LiveFinding[]> {
  const [byClause, setByClause] = useState<Map<string, LiveFinding[]>>(new Map());
  useEffect(() => {
    if (!doc) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    let controller: AbortController | null = null;
    const load = async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`/negotiations/${negotiationId}/evidence.json?version=live`, { signal: controller.signal, headers: { Accept: "application/json" } });
        if (!response.ok || cancelled) return;
        const body = (await response.json()) as { findings: LiveFinding[] };
        const next = new Map<string, LiveFinding[]>();
        for (const finding of body.findings) next.set(finding.clauseId, [...(next.get(finding.clauseId) ?? []), finding]);
        if (!cancelled) setByClause(next);
      } catch {
        // offline or aborted: keep the last findings until the next change
      }
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(load, LIVE_FINDINGS_DEBOUNCE_MS);
    };
    void load();
    doc.on("update", schedule);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      controller?.abort();
      doc.off("update", schedule);
    };
  }, [negotiationId, doc]);
  return byClause;
}
