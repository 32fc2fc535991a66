import { negotiationFacts, type NegotiationFacts, type NegotiationFactsSource } from "~/server/policies/negotiation";

/**
 * The facts of a negotiation for policy tests, built by the one function that builds them
 * (negotiationFacts): the demo's shape (上代下, proposed by the union, unanswered, open) unless told.
 */
export function policyFacts(over: Partial<NegotiationFactsSource> = {}): NegotiationFacts {
  return negotiationFacts({ lockedAt: null, mode: "represent", proposedBySide: "union", answeredOn: null, ...over });
}

/** The same negotiation, signed. */
export const SIGNED_AT = 1_700_000_000_000;
