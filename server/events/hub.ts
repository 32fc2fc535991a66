import type { Side } from "../../shared/roles";

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

interface Subscriber {
  side: Side;
  send(event: NegotiationEvent): void;
  /** Ends the stream (server shutdown): an open event stream must not hold the process up. */
  close(): void;
}

export class EventHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();

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
    for (const subscriber of this.subscribers.get(negotiationId) ?? []) {
      if (event.side && subscriber.side !== event.side) continue;
      subscriber.send(event);
    }
  }

  closeAll(): void {
    for (const set of this.subscribers.values()) for (const subscriber of set) subscriber.close();
    this.subscribers.clear();
  }

  get size(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }
}
