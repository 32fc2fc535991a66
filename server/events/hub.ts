import type { Role, Side } from "~/shared/roles";
import { LocalBus, type ClusterBus } from "../cluster/bus";

/**
 * Tells open pages that something in a negotiation changed, so they reload what they may see.
 * Events carry no content — only a kind — and an event about one side's private notes reaches
 * only that side's members: privacy is kept by the loaders, never by trusting the event.
 */
export interface NegotiationEvent {
  kind: "workflow" | "comments" | "caucus" | "meetings" | "versions" | "participants" | "signing" | "rounds";
  /** For `caucus`: the only side told. */
  side?: "union" | "enterprise";
}

export interface Seat {
  side: Side;
  role: Role;
}

export interface Subscriber {
  /** Who opened the stream, with which session, from which seat: what is judged again. */
  userId: string;
  sessionToken: string;
  side: Side;
  role: Role;
  send(event: NegotiationEvent): void;
  /** Ends the stream (server shutdown, session or seat gone): an open event stream must not outlive them. */
  close(): void;
}

/**
 * The user's seat in a negotiation as of now for this session, or null when the session is no
 * longer valid (signed out, expired, account disabled or password reset) or the seat is gone.
 */
export type CurrentSeat = (negotiationId: string, userId: string, sessionToken: string) => Promise<Seat | null>;

export class EventHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();

  constructor(
    private readonly currentSeat: CurrentSeat = async () => null,
    /** Other nodes' subscribers hear this node's events, and this node's theirs (ADR 027). */
    private readonly bus: ClusterBus = new LocalBus(),
  ) {
    bus.on({ event: (negotiationId, event) => this.deliver(negotiationId, event) });
  }

  subscribe(negotiationId: string, subscriber: Subscriber): () => void {
    let set = this.subscribers.get(negotiationId);
    if (!set) this.subscribers.set(negotiationId, (set = new Set()));
    set.add(subscriber);
    return () => {
      set!.delete(subscriber);
      if (set!.size === 0) this.subscribers.delete(negotiationId);
    };
  }

  publish(negotiationId: string, event: NegotiationEvent): void {
    this.deliver(negotiationId, event);
    this.bus.publishEvent(negotiationId, event);
  }

  /** To this node's subscribers only. */
  private deliver(negotiationId: string, event: NegotiationEvent): void {
    for (const subscriber of this.subscribers.get(negotiationId) ?? []) {
      if (event.side && subscriber.side !== event.side) continue;
      subscriber.send(event);
    }
  }

  /**
   * Judges `userId`'s open streams again when their access changed (docs/SPEC.md X-4, as C-12
   * does for the collaboration sockets): a stream whose session ended, or whose seat is gone or
   * changed, is closed. The browser's EventSource reconnects, and the guard answers the new seat
   * (or 401/403), so a stream never carries a side's events to someone no longer on that side.
   * The seats are looked up together; a lookup that fails counts as "not authorised" (the stream
   * closes, the reconnect is judged afresh), so the returned promise never rejects.
   */
  async reauthorise(userId: string): Promise<void> {
    const judged: Promise<void>[] = [];
    for (const [negotiationId, set] of [...this.subscribers]) {
      for (const subscriber of [...set]) {
        if (subscriber.userId !== userId) continue;
        judged.push(this.judge(negotiationId, subscriber));
      }
    }
    await Promise.all(judged);
  }

  private async judge(negotiationId: string, subscriber: Subscriber): Promise<void> {
    let seat: Seat | null = null;
    try {
      seat = await this.currentSeat(negotiationId, subscriber.userId, subscriber.sessionToken);
    } catch (error) {
      console.error(`events: judging ${subscriber.userId}'s stream on ${negotiationId} again failed; closing it:`, error);
    }
    try {
      if (!seat || seat.side !== subscriber.side || seat.role !== subscriber.role) subscriber.close();
    } catch (error) {
      console.error(`events: closing ${subscriber.userId}'s stream on ${negotiationId} failed:`, error);
    }
  }

  closeAll(): void {
    for (const [, set] of this.subscribers) for (const subscriber of [...set]) subscriber.close();
    this.subscribers.clear();
  }

  get size(): number {
    let n = 0;
    for (const [, set] of this.subscribers) n += set.size;
    return n;
  }
}
