import type { AgreementContent } from "~/shared/agreement";

/** The contract's agreement JSON: exactly title and clauses {id, topic, title, body}, in order. */
export function presentAgreement(content: AgreementContent) {
  return {
    title: content.title,
    clauses: content.clauses.map((c) => ({ id: c.id, topic: c.topic, title: c.title, body: c.body })),
  };
}
