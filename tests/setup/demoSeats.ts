import type { Membership } from "~/server/policies/negotiation";
import { DEMO_ACCOUNTS } from "~/server/seed";

/** The demo negotiation's seats by username, from the seed itself (contract: demo accounts). */
export const DEMO_SEATS: Record<string, Membership> = Object.fromEntries(
  DEMO_ACCOUNTS.filter((a) => a.seat).map((a) => [a.username, { side: a.seat!.side, role: a.seat!.role }]),
);
