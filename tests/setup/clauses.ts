import type { Clause } from "~/shared/agreement";
import { extractFigures } from "~/shared/diff/figures";
import type { TopicKey } from "~/shared/topics";
import type { CollabService } from "~/server/collab/service";
import { DEMO_NEGOTIATION } from "./server";

/**
 * Clauses as a test needs them, found in the negotiation it started (server/factories.ts) or the
 * seeded demo by what they are — "the first clause on pay", "a clause with a money figure" — never by
 * the demo's ids: a test reads what it relies on from the data it made.
 */

/** The live draft's clauses in document order: a query of the negotiation, through the collaboration service. */
export async function liveClauses(server: { context: { collab: CollabService } }, negotiationId = DEMO_NEGOTIATION): Promise<Clause[]> {
  return (await server.context.collab.readAgreement(negotiationId)).clauses;
}

/** The `n`th clause (from 0) under `topic`. */
export function clauseOfTopic(clauses: readonly Clause[], topic: TopicKey, n = 0): Clause {
  const found = clauses.filter((clause) => clause.topic === topic)[n];
  if (!found) throw new Error(`no clause ${n} under topic ${topic}`);
  return found;
}

/** The `n`th clause (from 0) whose body states a sum of money (a figure in 元), as extractFigures reads it. */
export function clauseWithMoney(clauses: readonly Clause[], n = 0): Clause {
  const found = clauses.filter((clause) => extractFigures(clause.body).some((figure) => figure.text.endsWith("元")))[n];
  if (!found) throw new Error(`no clause ${n} with a money figure`);
  return found;
}

/** The clause right after `id` in document order. */
export function clauseAfter(clauses: readonly Clause[], id: string): Clause {
  const at = clauses.findIndex((clause) => clause.id === id);
  const found = at < 0 ? undefined : clauses[at + 1];
  if (!found) throw new Error(`no clause after ${id}`);
  return found;
}

/**
 * Hands out clauses no other caller got, in document order after skipping `reserved`: the tests of a
 * file that share one server each edit their own clause, so no test sees another's edits.
 */
export function clauseDealer(clauses: readonly Clause[], reserved: readonly string[] = []): () => Clause {
  const taken = new Set(reserved);
  return () => {
    const next = clauses.find((clause) => !taken.has(clause.id));
    if (!next) throw new Error("every clause is taken");
    taken.add(next.id);
    return next;
  };
}
