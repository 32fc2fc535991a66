import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import type { NegotiationEvent } from "../events/hub";
import { negotiationEventSchema, type ClusterBus, type ClusterHandlers } from "./bus";
import { claimPayloadSchema, decodeFrame, decodeJson, encodeFrame, encodeJson, lockPayloadSchema, type Frame, type FrameKind } from "./frame";

/** One channel per document, so a node hears only the documents it has loaded. */
export const DOC_CHANNEL_PREFIX = "ts:doc:";
/** Events, locks and reauthorisations: every node hears them all (they are rare). */
export const CONTROL_CHANNEL = "ts:control";

export interface RedisBusOptions {
  url: string;
  /** NODE_ID; random when unset. Frames carrying ours are echoes and dropped. */
  nodeId?: string;
  /** The publish queue's bound (COLLAB_DEFAULTS.redisMaxInFlightBytes); a test sets it small. */
  maxInFlightBytes?: number;
}

/** A control frame that could not be sent yet: sent again once the connection is back. */
interface Retained {
  frame: Buffer;
  seq: number;
}

const NO_PAYLOAD = new Uint8Array(0);

/**
 * The Redis pub/sub bus (ADR 027): one ioredis connection publishes, one subscribes (a subscribing
 * connection can do nothing else). After a reconnect every joined document is resubscribed and then
 * `resync` is called for it, since frames published while we were away are gone for good.
 *
 * Publishing never queues without a bound: ioredis's offline queue is off, and frames Redis has not
 * yet answered are limited to `maxInFlightBytes`. A document update that cannot be sent (the
 * connection is down, the queue is full, the publish failed) is not kept: the document is *owed*
 * a resync request, published on its channel as soon as the connection is up and the queue has room,
 * and every node holding the document then re-reads it from PostgreSQL — where the update already is,
 * since publishing follows the commit. Control frames (locks, reauthorisations, events, claims) are
 * few and must not be lost: the latest one per subject is kept and sent again.
 *
 * A node killed after a commit and before its publish leaves no debt anyone could collect, so each
 * node beats (`alive`, every clusterHeartbeatMs) and keeps when it last heard each other node; one
 * silent for clusterSilentAfterMs is taken for gone and every joined document resyncs once.
 */
export class RedisBus implements ClusterBus {
  readonly nodeId: string;
  readonly relays = true;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly listeners: Array<Partial<ClusterHandlers>> = [];
  private readonly joined = new Set<string>();
  /** True once the subscriber lost its connection; the next 'ready' then resyncs. */
  private lost = false;
  private closed = false;
  private readonly maxInFlightBytes: number;
  /** Bytes of frames handed to Redis and not yet answered. */
  private inFlightBytes = 0;
  /** Documents some of whose updates did not leave: each is owed a resync request. */
  private readonly owed = new Set<string>();
  /** Control frames not sent yet, one per subject (a newer lock of a negotiation replaces an older one). */
  private readonly retained = new Map<string, Retained>();
  /** The last control frame attempted per subject, while it is in flight or retained: an older one's failure is not retried. */
  private readonly lastAttempt = new Map<string, number>();
  private seq = 0;
  /** When each other node was last heard (any frame of its): a silent one may have died between a commit and its publish. */
  private readonly heard = new Map<string, number>();
  private readonly heartbeat: NodeJS.Timeout;
  private lastBeat = Date.now();
  /** Frames dropped as malformed: a hostile or foreign frame never crashes the node. */
  rejected = 0;
  /** Update and presence frames not sent (connection down or queue full); each update's document was owed a resync. */
  unsent = 0;
  /** Resync requests published for owed documents. */
  resyncRequests = 0;
  /** Nodes taken for gone after falling silent (each resynced every joined document). */
  silentNodes = 0;

  constructor(options: RedisBusOptions) {
    this.nodeId = options.nodeId ?? randomUUID();
    this.maxInFlightBytes = options.maxInFlightBytes ?? COLLAB_DEFAULTS.redisMaxInFlightBytes;
    // Neither connection resends a command by itself, and one unanswered when the connection drops
    // is rejected at once (maxRetriesPerRequest 0; with null and no resending ioredis drops it
    // unsettled). A publish so refused is owed a resync (above); the subscriber subscribes exactly
    // what is joined after a drop (afterReconnect), and a resent UNSUBSCRIBE could follow that.
    const common = {
      lazyConnect: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (times: number) => Math.min(times * COLLAB_DEFAULTS.redisRetryStepMs, COLLAB_DEFAULTS.redisRetryMaxMs),
    };
    // No offline queue for the publisher: what cannot go now is owed a resync instead. Auto-
    // pipelining sends the publishes of one turn (a group commit's updates, each on its document's
    // channel) in one write, in order, instead of a write — a system call — each.
    this.pub = new Redis(options.url, { ...common, connectionName: `tongshang-pub-${this.nodeId}`, enableOfflineQueue: false, enableAutoPipelining: true });
    this.sub = new Redis(options.url, { ...common, connectionName: `tongshang-sub-${this.nodeId}`, autoResubscribe: false });
    for (const connection of [this.pub, this.sub]) {
      // Without a listener ioredis would print each failed reconnect as an unhandled error.
      connection.on("error", (error: Error) => console.error(`cluster: redis (${this.nodeId}): ${error.message}`));
    }
    this.pub.on("ready", () => this.settle());
    this.sub.on("close", () => {
      if (!this.closed) this.lost = true;
    });
    this.sub.on("ready", () => void this.afterReconnect());
    this.sub.on("messageBuffer", (_channel: Buffer, message: Buffer) => this.receive(message));
    void this.sub.subscribe(CONTROL_CHANNEL).catch((error: Error) => console.error(`cluster: subscribing to ${CONTROL_CHANNEL}: ${error.message}`));
    this.heartbeat = setInterval(() => this.beat(), COLLAB_DEFAULTS.clusterHeartbeatMs).unref();
  }

  on(handlers: Partial<ClusterHandlers>): void {
    this.listeners.push(handlers);
  }

  /** Resolves once both connections are up and the control channel is subscribed (tests and start-up wait for it). */
  async ready(timeoutMs: number = COLLAB_DEFAULTS.redisReadyTimeoutMs): Promise<void> {
    await Promise.all([this.pub, this.sub].map((connection) => whenReady(connection, timeoutMs)));
    await this.sub.subscribe(CONTROL_CHANNEL);
  }

  async join(key: string): Promise<void> {
    this.joined.add(key);
    // Redis is away: the reconnect subscribes every joined document and resyncs it, so the load
    // need not wait for Redis (PostgreSQL alone is enough to open a document).
    if (this.lost && this.sub.status !== "ready") return;
    // Refused only when the connection drops first: its reconnect subscribes the key then.
    await this.sub.subscribe(DOC_CHANNEL_PREFIX + key).catch(() => {});
  }

  leave(key: string): void {
    this.joined.delete(key);
    // Redis away: the reconnect subscribes only what is joined by then. An UNSUBSCRIBE queued now
    // would reach Redis after that SUBSCRIBE, and drop the key if it was joined again meanwhile.
    if (this.sub.status !== "ready") return;
    void this.sub.unsubscribe(DOC_CHANNEL_PREFIX + key).catch(() => {});
  }

  publishUpdate(key: string, update: Uint8Array): void {
    const owe = () => this.owe(key);
    if (!this.publish(DOC_CHANNEL_PREFIX + key, this.frame("update", key, update), (ok) => ok || owe())) owe();
  }

  publishAwareness(key: string, update: Uint8Array): void {
    // Presence is renewed every 15 s: a lost one is not worth a resync.
    if (!this.publish(DOC_CHANNEL_PREFIX + key, this.frame("awareness", key, update), () => {})) this.unsent++;
  }

  publishEvent(negotiationId: string, event: NegotiationEvent): void {
    this.control(`event\u0000${negotiationId}\u0000${event.kind}\u0000${event.side ?? ""}`, this.frame("event", negotiationId, encodeJson(event)));
  }

  publishLock(negotiationId: string, locked: boolean): void {
    this.control(`lock\u0000${negotiationId}`, this.frame("lock", negotiationId, encodeJson({ locked })));
  }

  publishReauthorise(userId: string): void {
    this.control(`reauthorise\u0000${userId}`, this.frame("reauthorise", userId, NO_PAYLOAD));
  }

  publishClaim(key: string, clientId: number, userId: string): void {
    this.control(`claim\u0000${key}\u0000${clientId}`, this.frame("claim", key, encodeJson({ clientId, userId })));
  }

  /** Whether the publishing connection is up, the documents owed a resync request, control frames kept, bytes in flight: for tests and logs. */
  backlog(): { publishing: boolean; owed: string[]; retained: number; inFlightBytes: number } {
    return { publishing: this.pub.status === "ready", owed: [...this.owed], retained: this.retained.size, inFlightBytes: this.inFlightBytes };
  }

  /** Whether the subscribing connection is up: for tests and logs. */
  listening(): boolean {
    return this.sub.status === "ready";
  }

  /** The other nodes heard from lately: for tests and logs. */
  nodesHeard(): string[] {
    return [...this.heard.keys()];
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.joined.clear();
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }

  private frame(kind: FrameKind, key: string, payload: Uint8Array): Buffer {
    return encodeFrame({ kind, nodeId: this.nodeId, key, payload });
  }

  /**
   * Hands `frame` to Redis when the connection is up and the queue has room (one frame always
   * fits an empty queue); false when it did not, and then nothing of it is kept here. `answered`
   * runs once Redis answered (true) or the connection dropped before it did (false).
   */
  private publish(channel: string, frame: Buffer, answered: (ok: boolean) => void): boolean {
    if (this.closed) return true;
    if (this.pub.status !== "ready" || (this.inFlightBytes > 0 && this.inFlightBytes + frame.length > this.maxInFlightBytes)) return false;
    this.inFlightBytes += frame.length;
    this.pub.publish(channel, frame).then(
      () => {
        this.inFlightBytes -= frame.length;
        answered(true);
        this.settle();
      },
      (error: Error) => {
        this.inFlightBytes -= frame.length;
        if (this.closed) return;
        console.error(`cluster: publishing on ${channel} failed: ${error.message}`);
        answered(false);
      },
    );
    return true;
  }

  private owe(key: string): void {
    this.unsent++;
    this.owed.add(key);
  }

  /** A control frame: sent now if it can be, else kept (the latest per subject) until it can. */
  private control(subject: string, frame: Buffer): void {
    const seq = ++this.seq;
    this.lastAttempt.set(subject, seq);
    this.retained.delete(subject); // superseded
    this.sendControl(subject, { frame, seq });
  }

  private sendControl(subject: string, entry: Retained): boolean {
    const sent = this.publish(CONTROL_CHANNEL, entry.frame, (ok) => {
      if (!ok) return this.retain(subject, entry);
      if (this.lastAttempt.get(subject) === entry.seq) this.lastAttempt.delete(subject);
    });
    if (!sent) this.retain(subject, entry);
    return sent;
  }

  private retain(subject: string, entry: Retained): void {
    if (this.lastAttempt.get(subject) !== entry.seq) return; // a newer frame about the same subject went after it
    if (this.retained.size >= COLLAB_DEFAULTS.redisMaxRetainedControl && !this.retained.has(subject)) {
      const [oldest] = this.retained.keys();
      this.retained.delete(oldest!);
      this.lastAttempt.delete(oldest!);
      console.error(`cluster: more than ${COLLAB_DEFAULTS.redisMaxRetainedControl} control frames waiting for Redis; dropping the oldest (${oldest!.split("\u0000")[0]})`);
    }
    this.retained.set(subject, entry);
  }

  /** The connection is up or the queue drained: send what was kept, then the resync requests owed. */
  private settle(): void {
    if (this.closed || this.pub.status !== "ready") return;
    for (const [subject, entry] of this.retained) {
      this.retained.delete(subject);
      if (!this.sendControl(subject, entry)) return;
    }
    for (const key of this.owed) {
      this.owed.delete(key);
      const owe = () => void this.owed.add(key);
      if (!this.publish(DOC_CHANNEL_PREFIX + key, this.frame("resync", key, NO_PAYLOAD), (ok) => ok || owe())) return owe();
      this.resyncRequests++;
    }
  }

  /** Says this node is alive (not kept when it cannot go: the next beat says it), then looks for nodes gone silent. */
  private beat(): void {
    this.publish(CONTROL_CHANNEL, this.frame("alive", this.nodeId, NO_PAYLOAD), () => {});
    const now = Date.now();
    const stalled = now - this.lastBeat > 2 * COLLAB_DEFAULTS.clusterHeartbeatMs;
    this.lastBeat = now;
    // Our own event loop stalled: the others' beats wait unread in the socket, they are not silent.
    if (stalled) for (const nodeId of this.heard.keys()) this.heard.set(nodeId, now);
    // Deaf ourselves, everyone is silent: the reconnect resyncs every document anyway.
    if (this.lost || this.sub.status !== "ready") return;
    const gone = [...this.heard].filter(([, at]) => now - at > COLLAB_DEFAULTS.clusterSilentAfterMs);
    if (gone.length === 0) return;
    for (const [nodeId] of gone) this.heard.delete(nodeId);
    this.silentNodes += gone.length;
    console.error(`cluster: node(s) ${gone.map(([nodeId]) => nodeId).join(", ")} silent for over ${COLLAB_DEFAULTS.clusterSilentAfterMs} ms; re-reading ${this.joined.size} document(s) from the database`);
    for (const key of this.joined) this.dispatch("resync", (h) => h.resync?.(key));
  }

  private async afterReconnect(): Promise<void> {
    if (!this.lost || this.closed) return;
    this.lost = false;
    try {
      await this.sub.subscribe(CONTROL_CHANNEL, ...[...this.joined].map((key) => DOC_CHANNEL_PREFIX + key));
    } catch (error) {
      // The connection went again; its next 'ready' tries again.
      this.lost = true;
      return console.error(`cluster: resubscribing failed: ${(error as Error).message}`);
    }
    // Everything missed meanwhile is re-read now: no node counts as silent for the time we were deaf.
    const now = Date.now();
    for (const nodeId of this.heard.keys()) this.heard.set(nodeId, now);
    for (const key of this.joined) this.dispatch("resync", (h) => h.resync?.(key));
  }

  private receive(message: Buffer): void {
    const decoded = decodeFrame(message);
    if (!decoded.ok) return this.reject(decoded.why);
    const frame = decoded.frame;
    if (frame.nodeId === this.nodeId) return; // our own, echoed by Redis
    this.heard.set(frame.nodeId, Date.now());
    this.deliver(frame);
  }

  private deliver(frame: Frame): void {
    switch (frame.kind) {
      case "update":
        if (!this.joined.has(frame.key)) return;
        return this.dispatch("update", (h) => h.update?.(frame.key, frame.payload));
      case "awareness":
        if (!this.joined.has(frame.key)) return;
        return this.dispatch("awareness", (h) => h.awareness?.(frame.key, frame.payload));
      case "event": {
        const event = decodeJson(frame.payload, negotiationEventSchema);
        if (!event.ok) return this.reject(event.why);
        return this.dispatch("event", (h) => h.event?.(frame.key, event.value));
      }
      case "lock": {
        const lock = decodeJson(frame.payload, lockPayloadSchema);
        if (!lock.ok) return this.reject(lock.why);
        return this.dispatch("lock", (h) => h.lock?.(frame.key, lock.value.locked));
      }
      case "reauthorise":
        return this.dispatch("reauthorise", (h) => h.reauthorise?.(frame.key));
      case "resync":
        if (!this.joined.has(frame.key)) return;
        return this.dispatch("resync", (h) => h.resync?.(frame.key));
      case "claim": {
        if (!this.joined.has(frame.key)) return;
        const claim = decodeJson(frame.payload, claimPayloadSchema);
        if (!claim.ok) return this.reject(claim.why);
        return this.dispatch("claim", (h) => h.claim?.(frame.key, claim.value.clientId, claim.value.userId));
      }
      case "alive":
        return; // heard above
    }
  }

  /** A listener's throw is logged: it runs from a socket event, where a throw would end the process. */
  private dispatch(kind: string, call: (handlers: Partial<ClusterHandlers>) => void): void {
    for (const handlers of this.listeners) {
      try {
        call(handlers);
      } catch (error) {
        console.error(`cluster: handling ${kind} failed:`, error);
      }
    }
  }

  private reject(why: string): void {
    this.rejected++;
    console.error(`cluster: frame dropped: ${why}`);
  }
}

function whenReady(connection: Redis, timeoutMs: number): Promise<void> {
  if (connection.status === "ready") return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`REDIS_URL: Redis 在 ${timeoutMs} 毫秒内未响应 / Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
    connection.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
