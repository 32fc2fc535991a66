import type { Driver } from "~/db/driver";
import type { CollabService } from "../collab/service";
import type { EventHub } from "../events/hub";
import type { NegotiationRow } from "~/db/queries/negotiations";
import type { AdminActor } from "../policies/admin";
import type { NegotiationFacts } from "../policies/negotiation";
import type { Membership } from "~/shared/roles";
import type { WorkflowService } from "../workflow/service";

/**
 * What every command is given as `ctx` (docs/decisions/028-commands-own-their-effects.md): the
 * database driver, the collaboration service, the "something changed" events, the workflow cache
 * and the clock. A command reads and writes through these and does its own audit entry,
 * notification and lock check. AppContext (server/context.ts) satisfies it, so a route passes
 * `context` as it is; a command that needs less asks for `Pick<CommandContext, …>` (the seed has no
 * events to publish).
 */
export interface CommandContext {
  driver: Driver;
  collab: CollabService;
  events: EventHub;
  workflow: WorkflowService;
  /** Milliseconds since the epoch: `Date.now` in the server, a fixed time in a test. */
  clock: () => number;
}

/**
 * Who runs a command: the one Actor type. `userId` always; for a negotiation command also what the
 * page's guard already resolved (app/intentForm.server.ts gives each intent this actor): the
 * negotiation, the actor's membership in it and the policy's facts about it. A command asks for the
 * part it needs with `Pick<Actor, …>`; an administration command takes the administrator (AdminActor).
 */
export interface Actor {
  userId: string;
  negotiation: NegotiationRow;
  negotiationId: string;
  membership: Membership;
  facts: NegotiationFacts;
}

/** The actor of a negotiation command: the user and the negotiation facts the guard resolved. */
export type NegotiationActor = Pick<Actor, "userId" | "negotiation" | "negotiationId" | "membership">;

/** The actor of an administration command: the signed-in administrator. */
export type { AdminActor };
