import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type * as Y from "yjs";
import { lockKeys, type Driver } from "~/db/driver";
import { exclusively } from "~/db/openDriver";
import { LocalBus, type ClusterBus } from "../cluster/bus";
import { findMembership, findNegotiation } from "~/db/queries/negotiations";
import type { AgreementContent } from "~/shared/agreement";
import { readAgreement } from "~/shared/collab/docShape";
import { CAUCUS_SIDES, caucusDocumentName, parseDocumentName, type DraftKind } from "~/shared/collab/documentName";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import { CLOSE_CODES } from "~/shared/collab/protocol";
import { userForSession } from "../auth/sessions";
import { can } from "../policies/negotiation";
import { liveSnapshot, startCaucusDraft } from "./caucusDraftLoader";
import { CollabConnection } from "./connection";
import { IdleCollector } from "./idleMemory";
import { DocPersistence } from "./persistence";
import { DocumentRegistry } from "./registry";
import { guardShape } from "./shapeGuard";
import type { ChangeListener, ChangeOrigin, SharedDocument } from "./sharedDocument";
import { authoriseUpgrade, refuseUpgrade, type UpgradeVerdict } from "./upgrade";
import { keepWriterClaims } from "./writerClaims";

/** Set while a command holds documents across nodes (withDocuments), so a nested call does not lock again. */
const exactHold = new AsyncLocalStorage<true>();

export interface CollabOptions {
  driver: Driver;
  sessionSecret: string;
  idleUnloadMs?: number;
  onChange?: ChangeListener;
  /** Live drafts only: the workflow's clause watcher never sees a private draft. */
  onLoad?: (doc: SharedDocument) => void | Promise<void>;
  onUnload?: (negotiationId: string) => void;
  /** Told after the sockets of a user whose access changed were judged again (C-12), so other live channels follow. */
  onReauthorise?: (userId: string) => void;
  /** The other nodes on this database (ADR 027); LocalBus (the default) when there are none. */
  bus?: ClusterBus;
}

/**
 * The collaboration service, assembled from one module per concern: upgrade (authentication),
 * registry (load once, unload when idle), persistence, limits, awareness. Server-side changes
 * (seed, import, restore) go through the same document and update pipeline as client edits.
 */
export class CollabService {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: COLLAB_DEFAULTS.maxFrameBytes });
  readonly registry: DocumentRegistry;
  private readonly persistence: DocPersistence;
  /** Each open connection and which document of its negotiation it is on. */
  private readonly connections = new Map<CollabConnection, DraftKind>();
  readonly bus: ClusterBus;
  /** Commands holding documents across nodes now, and those waiting for a turn (COLLAB_DEFAULTS.exactCommandsAtOnce). */
  private exactRunning = 0;
  private readonly exactWaiting: Array<() => void> = [];
  /** Memory back to the system once no document is held (idleMemory.ts). */
  private readonly idleMemory = new IdleCollector(() => {
    const { documents, loading } = this.registry.retained();
    return documents === 0 && loading === 0;
  });

  constructor(private readonly options: CollabOptions) {
    const { driver } = options;
    this.bus = options.bus ?? new LocalBus();
    // Several nodes: the group commit and commands lock documents across them (ADR 027).
    this.persistence = new DocPersistence(driver, { documentLocks: this.bus.relays });
    this.registry = new DocumentRegistry(this.persistence, {
      bus: this.bus,
      idleUnloadMs: options.idleUnloadMs ?? COLLAB_DEFAULTS.idleUnloadMs,
      isLocked: async (key) => (await findNegotiation(driver.db, parseDocumentName(key)?.negotiationId ?? ""))?.lockedAt != null,
      onChange: options.onChange,
      onLoad: async (shared) => {
        guardShape(shared, driver);
        await keepWriterClaims(shared, driver, this.persistence, this.bus);
        if (shared.draft === "live") await options.onLoad?.(shared);
        else await startCaucusDraft(driver, shared, () => liveSnapshot(this.registry, this.persistence, shared.negotiationId));
      },
      onUnload: (key) => {
        this.idleMemory.documentUnloaded();
        const name = parseDocumentName(key);
        if (name?.draft === "live") options.onUnload?.(name.negotiationId);
      },
    });
    // What other nodes did: applied here, told to this node's peers, never published again.
    this.bus.on({
      update: (key, update) => this.registry.remoteUpdate(key, update),
      awareness: (key, update) => this.registry.remoteAwareness(key, update),
      resync: (key) => this.registry.resync(key),
      claim: (key, clientId, userId) => this.registry.remoteClaim(key, clientId, userId),
      lock: (negotiationId, locked) => this.applyLocked(negotiationId, locked),
      reauthorise: (userId) => {
        this.judgeAgain(userId).catch((error: unknown) => console.error(`collab: judging ${userId}'s sockets again for another node failed:`, error));
      },
    });
  }

  /** Called from the HTTP server's 'upgrade' event: nothing here may throw or reject unhandled. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A client that gives up while its upgrade is judged must not raise an unhandled 'error'.
    const ignore = () => undefined;
    socket.on("error", ignore);
    authoriseUpgrade(req, this.options.driver.db, this.options.sessionSecret).then(
      (verdict) => {
        socket.off("error", ignore);
        if (socket.destroyed) return;
        this.upgrade(req, socket, head, verdict);
      },
      (error: unknown) => {
        socket.off("error", ignore);
        console.error("collab: judging an upgrade failed:", error);
        refuseUpgrade(socket, 500, "Server error");
      },
    );
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, verdict: UpgradeVerdict): void {
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.message);
    const key = verdict.documentKey;
    const loaded = this.registry.loaded(key);
    if (loaded && loaded.peers.size >= COLLAB_DEFAULTS.maxConnectionsPerDocument) {
      return refuseUpgrade(socket, 503, "Too many connections to this negotiation");
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // Messages that arrive while the stored state loads are queued, then handled in order.
      const queue: Array<[Buffer, boolean]> = [];
      const enqueue = (data: Buffer, isBinary: boolean) => queue.push([data, isBinary]);
      ws.on("message", enqueue);
      this.registry
        .acquire(key)
        .then((shared) => {
          if (ws.readyState !== ws.OPEN) return this.registry.release(key);
          const connection = new CollabConnection(
            ws,
            socket,
            shared,
            { userId: verdict.user.id, name: verdict.user.displayName, side: verdict.membership.side },
            verdict.membership,
            verdict.facts,
            verdict.sessionToken,
            (c) => {
              this.connections.delete(c);
              this.registry.release(key);
            },
          );
          this.connections.set(connection, verdict.draft);
          ws.off("message", enqueue);
          ws.on("message", (data, isBinary) => connection.handle(data as Buffer, isBinary));
          for (const [data, isBinary] of queue) connection.handle(data, isBinary);
        })
        // A failed load, or a greeting whose pending updates could not be stored: this socket
        // closes (a constructed connection releases the document from its close event); an
        // unhandled rejection here would end the process.
        .catch((error: unknown) => {
          console.error(`collab: opening ${key} failed:`, error);
          ws.close(CLOSE_CODES.serverShutdown, "could not load document");
        });
    });
  }

  /**
   * Runs `fn` on the loaded document (loading it if needed) and lets it unload afterwards. `key`
   * is a document name: the negotiation id for its live draft, `<id>~<side>` for a private draft.
   * While `fn` runs — awaits included — no client update is applied to the document (they wait in
   * their connections and follow in order), so a command binds to exactly the text it read.
   * On several nodes (ADR 027) this holds across them too: `fn` runs under the document's lock,
   * which every node's group commit respects, after the copy here caught up with the database.
   * Call it outside `driver.write`, and write inside `fn`: its flushes commit on their own.
   */
  async withDocument<T>(key: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    return this.withDocuments([key], ([doc]) => fn(doc!));
  }

  /** Several documents at once, all held while `fn` runs (tabling: private and live). */
  withDocuments<T>(keys: string[], fn: (docs: Y.Doc[]) => T | Promise<T>): Promise<T> {
    // A nested call runs inside its caller's hold (and lock): taking the locks again would wait on itself.
    return this.holding(keys, fn, this.bus.relays && !exactHold.getStore());
  }

  private async holding<T>(keys: string[], fn: (docs: Y.Doc[]) => T | Promise<T>, exact: boolean): Promise<T> {
    const acquired: string[] = [];
    const holds: Array<() => void> = [];
    try {
      const shared: SharedDocument[] = [];
      for (const key of keys) {
        const doc = await this.registry.acquire(key);
        acquired.push(key);
        holds.push(doc.hold());
        shared.push(doc);
      }
      const run = async () => {
        // What a server reader sees or a server change makes is committed before anyone relies on it.
        await this.persistence.flush();
        if (exact) for (const doc of shared) await doc.catchUp();
        const result = await fn(shared.map((s) => s.doc));
        await this.persistence.flush();
        return result;
      };
      return exact ? await this.acrossNodes(keys, run) : await run();
    } finally {
      for (const release of holds) release();
      for (const key of acquired) this.registry.release(key);
    }
  }

  /** Runs `run` under the documents' locks on the database, this node's commits of them exempt; a few at a time (each keeps a pooled connection). */
  private async acrossNodes<T>(keys: string[], run: () => Promise<T>): Promise<T> {
    while (this.exactRunning >= COLLAB_DEFAULTS.exactCommandsAtOnce) await new Promise<void>((resolve) => this.exactWaiting.push(resolve));
    this.exactRunning++;
    try {
      return await exclusively(this.options.driver, keys.map(lockKeys.document), async () => {
        const letGo = this.persistence.holdingLocks(keys);
        try {
          return await exactHold.run(true, run);
        } finally {
          letGo();
        }
      });
    } finally {
      this.exactRunning--;
      this.exactWaiting.shift()?.();
    }
  }

  /** A plain read: this node's copy as it stands, not locked across nodes (pages, exports; a command binding text uses withDocument). */
  readAgreement(negotiationId: string): Promise<AgreementContent> {
    return this.holding([negotiationId], ([doc]) => readAgreement(doc!), false);
  }

  /** A server-side change, stored and relayed like any client edit, attributed to `origin`. */
  change(key: string, origin: Omit<ChangeOrigin, "connection">, fn: (doc: Y.Doc) => void): Promise<void> {
    return this.withDocument(key, (doc) => doc.transact(() => fn(doc), origin));
  }

  /**
   * Judges `userId`'s open connections again after their seat changed, they left a negotiation, or
   * their session or account ended (docs/SPEC.md C-12): a connection whose session is no longer
   * valid closes with 4401, one whose user no longer takes part closes with 4403, the others take
   * the user's current seat (a seat made read-only refuses updates from now on). On a side's
   * private draft, a seat that moved off that side closes the connection with 4403 too (R-3).
   */
  async reauthorise(userId: string): Promise<void> {
    // The change is committed (callers call this after it): every other node judges its sockets too.
    this.bus.publishReauthorise(userId);
    await this.judgeAgain(userId);
  }

  /** C-12 on this node only: the sockets here, then the event streams here (onReauthorise). */
  private async judgeAgain(userId: string): Promise<void> {
    const { db } = this.options.driver;
    for (const [connection, draft] of [...this.connections]) {
      if (connection.userId !== userId) continue;
      if (!(await userForSession(db, connection.sessionToken, this.options.sessionSecret))) {
        connection.close(CLOSE_CODES.unauthorised, "session ended");
        continue;
      }
      const membership = await findMembership(db, connection.negotiationId, userId);
      if (membership && can(membership, "openDraft", connection.facts, { draft })) connection.reseat(membership);
      else connection.close(CLOSE_CODES.forbidden, membership ? "no longer on this side" : "no longer a participant");
    }
    this.options.onReauthorise?.(userId);
  }

  /** Signing locks the draft and both private drafts: connected clients' updates are refused from this moment. */
  setLocked(negotiationId: string, locked: boolean): void {
    this.applyLocked(negotiationId, locked);
    this.bus.publishLock(negotiationId, locked);
  }

  private applyLocked(negotiationId: string, locked: boolean): void {
    for (const key of [negotiationId, ...CAUCUS_SIDES.map((side) => caucusDocumentName(negotiationId, side))]) {
      const shared = this.registry.loaded(key);
      if (shared) shared.locked = locked;
    }
  }

  stats() {
    return { documents: this.registry.size, connections: this.connections.size };
  }

  /** The group commit's work since start (DocPersistence.commitStats). */
  commitStats() {
    return this.persistence.commitStats();
  }

  /** Closes every socket (clients reconnect to the next process) and compacts every document. */
  async close(): Promise<void> {
    for (const connection of this.connections.keys()) connection.close(CLOSE_CODES.serverShutdown, "server restarting");
    this.connections.clear();
    this.wss.close();
    await this.registry.closeAll();
  }
}
