import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import type { NegotiationEvent } from "../events/hub";
import { negotiationEventSchema, type ClusterBus, type ClusterHandlers } from "./bus";
import { decodeFrame, decodeJson, encodeFrame, encodeJson, lockPayloadSchema, type Frame, type FrameKind } from "./frame";

/** One channel per document, so a node hears only the documents it has loaded. */
export const DOC_CHANNEL_PREFIX = "ts:doc:";
/** Events, locks and reauthorisations: every node hears them all (they are rare). */
export const CONTROL_CHANNEL = "ts:control";

export interface RedisBusOptions {
  url: string;
  /** NODE_ID; random when unset. Frames carrying ours are echoes and dropped. */
  nodeId?: string;
}

/**
 * The Redis pub/sub bus (ADR 027): one ioredis connection publishes, one subscribes (a subscribing
 * connection can do nothing else). After a reconnect every joined document is resubscribed and then
 * `resync` is called for it, since frames published while we were away are gone for good.
 */
export class RedisBus implements ClusterBus {
  readonly nodeId: string;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly listeners: Array<Partial<ClusterHandlers>> = [];
  private readonly joined = new Set<string>();
  /** True once the subscriber lost its connection; the next 'ready' then resyncs. */
  private lost = false;
  private closed = false;
  /** Frames dropped as malformed: a hostile or foreign frame never crashes the node. */
  rejected = 0;

  constructor(options: RedisBusOptions) {
    this.nodeId = options.nodeId ?? randomUUID();
    const common = { lazyConnect: false, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * COLLAB_DEFAULTS.redisRetryStepMs, COLLAB_DEFAULTS.redisRetryMaxMs) };
    this.pub = new Redis(options.url, { ...common, connectionName: `tongshang-pub-${this.nodeId}` });
    this.sub = new Redis(options.url, { ...common, connectionName: `tongshang-sub-${this.nodeId}`, autoResubscribe: false });
    for (const connection of [this.pub, this.sub]) {
      // Without a listener ioredis would print each failed reconnect as an unhandled error.
      connection.on("error", (error: Error) => console.error(`cluster: redis (${this.nodeId}): ${error.message}`));
    }
    this.sub.on("close", () => {
      if (!this.closed) this.lost = true;
    });
    this.sub.on("ready", () => void this.afterReconnect());
    this.sub.on("messageBuffer", (_channel: Buffer, message: Buffer) => this.receive(message));
    void this.sub.subscribe(CONTROL_CHANNEL).catch((error: Error) => console.error(`cluster: subscribing to ${CONTROL_CHANNEL}: ${error.message}`));
  }

  on(handlers: Partial<ClusterHandlers>): void {
    this.listeners.push(handlers);
  }

  /** Resolves once the control channel is subscribed (tests and start-up wait for it). */
  async ready(timeoutMs: number = COLLAB_DEFAULTS.redisReadyTimeoutMs): Promise<void> {
    if (this.sub.status !== "ready") {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`REDIS_URL: Redis 在 ${timeoutMs} 毫秒内未响应 / Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
        this.sub.once("ready", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await this.sub.subscribe(CONTROL_CHANNEL);
  }

  async join(key: string): Promise<void> {
    this.joined.add(key);
    // Redis is away: the reconnect subscribes every joined document and resyncs it, so the load
    // need not wait for Redis (PostgreSQL alone is enough to open a document).
    if (this.lost && this.sub.status !== "ready") return;
    await this.sub.subscribe(DOC_CHANNEL_PREFIX + key);
  }

  leave(key: string): void {
    this.joined.delete(key);
    void this.sub.unsubscribe(DOC_CHANNEL_PREFIX + key).catch(() => {});
  }

  publishUpdate(key: string, update: Uint8Array): void {
    this.send(DOC_CHANNEL_PREFIX + key, "update", key, update);
  }

  publishAwareness(key: string, update: Uint8Array): void {
    this.send(DOC_CHANNEL_PREFIX + key, "awareness", key, update);
  }

  publishEvent(negotiationId: string, event: NegotiationEvent): void {
    this.send(CONTROL_CHANNEL, "event", negotiationId, encodeJson(event));
  }

  publishLock(negotiationId: string, locked: boolean): void {
    this.send(CONTROL_CHANNEL, "lock", negotiationId, encodeJson({ locked }));
  }

  publishReauthorise(userId: string): void {
    this.send(CONTROL_CHANNEL, "reauthorise", userId, new Uint8Array(0));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.joined.clear();
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }

  private send(channel: string, kind: FrameKind, key: string, payload: Uint8Array): void {
    if (this.closed) return;
    // A failed publish is logged, not thrown: the change is committed, and peers elsewhere catch up at their resync.
    this.pub.publish(channel, encodeFrame({ kind, nodeId: this.nodeId, key, payload })).catch((error: Error) => {
      console.error(`cluster: publishing ${kind} of ${key} failed: ${error.message}`);
    });
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
    for (const key of this.joined) this.dispatch("resync", (h) => h.resync?.(key));
  }

  private receive(message: Buffer): void {
    const decoded = decodeFrame(message);
    if (!decoded.ok) return this.reject(decoded.why);
    const frame = decoded.frame;
    if (frame.nodeId === this.nodeId) return; // our own, echoed by Redis
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
