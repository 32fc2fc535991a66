import type { AgreementContent } from "./agreement";

/**
 * The documented canonical serialisation a version's SHA-256 covers (docs/SPEC.md, V-2):
 * UTF-8 JSON of {"title", "clauses": [{"id","topic","title","body"}...]} in document order,
 * keys in exactly this order, no whitespace, text exactly as stored (no normalisation).
 */
export function canonicalAgreement(content: AgreementContent): string {
  return JSON.stringify({
    title: content.title,
    clauses: content.clauses.map((c) => ({ id: c.id, topic: c.topic, title: c.title, body: c.body })),
  });
}
