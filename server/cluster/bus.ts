import { z } from "zod";
import type { NegotiationEvent } from "../events/hub";

/**
 * What travels between the nodes serving the same database (issue 16, ADR 027). The database stays
 * the only durable copy: a bus carries news of committed changes, never the changes' only record.
 */
export interface ClusterHandlers {
  /** A committed Yjs update of document `key` on another node. */
  update(key: string, update: Uint8Array): void;
  /** A presence (awareness) update of document `key` on another node. */
  awareness(key: string, update: Uint8Array): void;
  /** An EventHub notification made on another node. */
  event(negotiationId: string, event: NegotiationEvent): void;
  /** Signing (or its undoing) on another node locked a negotiation's drafts. */
  lock(negotiationId: string, locked: boolean): void;
  /** A user's seat, session or account changed on another node: judge their sockets again here (C-12, X-4). */
  reauthorise(userId: string): void;
  /**
   * Frames about `key` may have been lost: re-read its state from the database. Called for every
   * document joined after this node's subscription is back, and for one document when another
   * node says its frames about it may not have left (its publishing connection dropped, or its
   * publish queue was full).
   */
  resync(key: string): void;
  /** A writer claim (SPEC C-13) made on another node: `userId` owns Yjs client id `clientId` in document `key`. */
  claim(key: string, clientId: number, userId: string): void;
}

export interface ClusterBus {
  readonly nodeId: string;
  /** Whether other nodes may write the same documents (a RedisBus): then commands lock documents across nodes (ADR 027). */
  readonly relays: boolean;
  /** Adds listeners; several parts of a node listen (the collaboration service, the event hub). */
  on(handlers: Partial<ClusterHandlers>): void;
  /** Subscribes to document `key`'s channel; resolves once subscribed, so a load after it misses nothing. */
  join(key: string): Promise<void>;
  leave(key: string): void;
  publishUpdate(key: string, update: Uint8Array): void;
  publishAwareness(key: string, update: Uint8Array): void;
  publishEvent(negotiationId: string, event: NegotiationEvent): void;
  publishLock(negotiationId: string, locked: boolean): void;
  publishReauthorise(userId: string): void;
  publishClaim(key: string, clientId: number, userId: string): void;
  close(): Promise<void>;
}

/** Transaction origin of a remote update: relayed to this node's peers, neither stored nor published again. */
export const REMOTE_ORIGIN = Symbol("remote");

/** One node (no REDIS_URL): nothing leaves the process, nothing arrives; today's behaviour. */
export class LocalBus implements ClusterBus {
  readonly relays = false;
  constructor(readonly nodeId = "local") {}
  on(): void {}
  async join(): Promise<void> {}
  leave(): void {}
  publishUpdate(): void {}
  publishAwareness(): void {}
  publishEvent(): void {}
  publishLock(): void {}
  publishReauthorise(): void {}
  publishClaim(): void {}
  async close(): Promise<void> {}
}

/** An event from another node, checked like any boundary input (hub.ts's NegotiationEvent). */
export const negotiationEventSchema: z.ZodType<NegotiationEvent> = z
  .object({
    kind: z.enum(["workflow", "comments", "caucus", "meetings", "versions", "participants", "signing", "rounds"], {
      message: "事件类型未知 / kind is not a known event kind",
    }),
    side: z.enum(["union", "enterprise"], { message: "side 须为 union 或 enterprise / side must be union or enterprise" }).optional(),
  })
  .strict();
