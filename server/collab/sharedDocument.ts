import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { parseDocumentName, type DraftKind } from "~/shared/collab/documentName";
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from "~/shared/collab/protocol";
import { REMOTE_ORIGIN, type ClusterBus } from "../cluster/bus";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import { compactionThreshold } from "./compactionThreshold";
import { DocPersistence } from "./persistence";

/** Who made a change: every update carries one as its Yjs transaction origin. */
export interface ChangeOrigin {
  userId: string | null;
  /** 'client' for a WebSocket peer; 'seed', 'import', 'restore'… for server-side changes. */
  label: string;
  /** The connection it came from, so it is not echoed back to its sender. */
  connection?: { send(message: Uint8Array): void };
}

/** The owner of the server document's own client id in `SharedDocument.writers`: no user. */
export const SERVER_WRITER = "\u0000server";

/** Marks updates replayed from storage: they are neither stored again nor relayed. */
export const LOAD_ORIGIN = Symbol("load");

export interface Peer {
  send(message: Uint8Array): void;
  /** Ends the peer's connection (its client reconnects and loads the stored draft afresh). */
  close?(code: number, reason: string): void;
}

export type ChangeListener = (negotiationId: string, update: Uint8Array, origin: ChangeOrigin) => void;

/** Where a node tells the others of its committed updates and its peers' presence (ADR 027); LocalBus: nowhere. */
export type Relay = Pick<ClusterBus, "publishUpdate" | "publishAwareness">;

export interface OpenOptions {
  locked: boolean;
  onChange?: ChangeListener;
  relay?: Relay;
}

/** One negotiation's live draft (or one side's private draft) in memory, with its peers and their presence. */
export class SharedDocument {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peers = new Set<Peer>();
  /**
   * Which user's accepted update first wrote under each Yjs client id while the document is
   * loaded (C-13). Another user's update writing under that id is refused whole, and its sender
   * told (connection.ts): otherwise one editor could take another's next clocks, and the server
   * would drop that editor's real edits as already known. Presence claims nothing here. Stored
   * across loads by writerClaims.ts.
   */
  readonly writers = new Map<number, string>();
  /**
   * Presence client ids announced by peers on other nodes, with the user the announcing node
   * stamped on them: a connection here may neither take over their presence nor write under them
   * unless it is that user (C-8, C-13 across nodes; connection.ts).
   */
  readonly remotePresence = new Map<number, string | null>();
  /**
   * Set when an update this copy applied was refused by the store (signed on another node first,
   * persistence.ts): the copy holds text the database never will, so it is neither folded into the
   * stored state nor kept — `onStale` (the registry) drops it and its peers reconnect to a fresh load.
   */
  stale = false;
  onStale?: () => void;
  /** Called with each new claim, to store it (writerClaims.ts). */
  onWriterClaimed?: (clientId: number, userId: string) => void;
  locked: boolean;
  /** The negotiation this document belongs to, and which of its documents it is (`live` or a side). */
  readonly negotiationId: string;
  readonly draft: DraftKind;
  private updatesSinceCompaction = 0;
  /** Updates between folds of this document's log: its own, so documents opened together fold apart. */
  private readonly compactAfter: number;
  /** How many logged updates the load replayed (a long log is folded right after loading). */
  loadedUpdates = 0;
  /** A compaction in flight: the next one waits its turn instead of folding the same rows twice. */
  private compacting: Promise<void> | null = null;
  /** Server readers holding the document (collab.withDocument): client updates wait until they let go. */
  private holds = 0;
  private released: Array<() => void> = [];
  private readonly relay?: Relay;
  private destroyed = false;

  /** Loads the stored state (compacted state, then the log) into a new in-memory document. */
  static async open(key: string, persistence: DocPersistence, options: OpenOptions): Promise<SharedDocument> {
    const shared = new SharedDocument(key, persistence, options);
    try {
      shared.loadedUpdates = (await persistence.load(key, shared.doc, LOAD_ORIGIN)).updates;
      shared.updatesSinceCompaction = shared.loadedUpdates;
    } catch (error) {
      shared.destroy();
      throw error;
    }
    shared.startStoring(options.onChange);
    return shared;
  }

  private constructor(
    /** The collaboration name: `<negotiationId>` or `<negotiationId>~<side>` (shared/collab/documentName.ts). */
    readonly key: string,
    private readonly persistence: DocPersistence,
    options: OpenOptions,
  ) {
    const name = parseDocumentName(key);
    if (!name) throw new Error(`not a document name: ${key}`);
    this.negotiationId = name.negotiationId;
    this.draft = name.draft;
    this.compactAfter = compactionThreshold(key);
    this.locked = options.locked;
    this.relay = options.relay;
    this.awareness.setLocalState(null); // the server itself has no presence
    this.writers.set(this.doc.clientID, SERVER_WRITER); // server-side changes: seed, import, restore

    this.awareness.on("update", ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      if (origin === REMOTE_ORIGIN) this.trackRemotePresence([...added, ...updated], removed);
      else if (origin === "timeout") for (const id of removed) this.remotePresence.delete(id); // a killed node's peers
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
      this.broadcast(awarenessMessage(update));
      // A local peer's presence travels to the other nodes; theirs, and states this node timed out itself, do not travel back.
      if (origin !== REMOTE_ORIGIN && origin !== "timeout") this.relay?.publishAwareness(key, update);
    });
  }

  private startStoring(onChange: ChangeListener | undefined): void {
    const { key, persistence } = this;
    this.doc.on("afterTransaction", () => {
      if (this.hasGap()) this.noticeGap();
    });
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD_ORIGIN) return;
      // Committed by another node (or re-read from the database): relayed to this node's peers only.
      if (origin === REMOTE_ORIGIN) return this.broadcast(syncUpdateMessage(update));
      const change = origin as ChangeOrigin;
      // Stored before relayed, here and to the other nodes: an update any peer has seen survives a kill -9.
      persistence.enqueue(
        key,
        update,
        { userId: change?.userId ?? null, origin: change?.label ?? "unknown" },
        () => {
          this.broadcast(syncUpdateMessage(update), change?.connection);
          this.relay?.publishUpdate(key, update);
        },
        this.refusedByStore,
      );
      onChange?.(key, update, change);
      if (++this.updatesSinceCompaction >= this.compactAfter) this.compactQuietly();
    });
  }

  /**
   * An update another node committed (ADR 027). Applied once no server reader holds the document,
   * so a command still binds to the text it read; Yjs ignores what the document already has.
   */
  applyRemote(update: Uint8Array): void {
    this.whenReleased(() => {
      if (!this.destroyed) Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
    });
  }

  /**
   * Other nodes' updates that Yjs held back, set aside while a client's update applied
   * (connection.ts): back into the document as remote, integrated now if that update filled the
   * gap, else held back again. V2-encoded, as Yjs keeps them.
   */
  returnHeldBack(update: Uint8Array): void {
    Y.applyUpdateV2(this.doc, update, REMOTE_ORIGIN);
  }

  /**
   * Yjs keeps back what builds on content this copy never received: another node's update whose
   * frame was lost, or fell between a re-read's snapshot and this node's resubscription after a
   * Redis restart (the cluster test caught the latter). Nothing else would bring it, so the copy
   * re-reads the database, which holds every relayed update (stored before relayed).
   */
  onGap?: () => void;
  private gapTimer: NodeJS.Timeout | null = null;
  private lastGapResync = 0;

  private hasGap(): boolean {
    return this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
  }

  private noticeGap(): void {
    if (this.gapTimer) return;
    const wait = Math.max(0, this.lastGapResync + COLLAB_DEFAULTS.gapResyncMinMs - Date.now());
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.destroyed || !this.hasGap()) return; // a late frame closed it meanwhile
      this.lastGapResync = Date.now();
      this.onGap?.();
    }, wait);
    this.gapTimer.unref();
  }

  private trackRemotePresence(present: number[], removed: number[]): void {
    const states = this.awareness.getStates();
    for (const id of present) {
      const user = (states.get(id) as { user?: { id?: unknown } } | undefined)?.user?.id;
      this.remotePresence.set(id, typeof user === "string" ? user : null);
    }
    for (const id of removed) this.remotePresence.delete(id);
  }

  /** Presence of another node's peers. */
  applyRemoteAwareness(update: Uint8Array): void {
    if (!this.destroyed) awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
  }

  /**
   * Re-reads the stored state after frames may have been lost (a Redis reconnect): whatever other
   * nodes committed meanwhile joins the document and reaches this node's peers. Read into a scratch
   * document first, so the shared one changes in one step, and only while nobody holds it.
   */
  async resync(): Promise<void> {
    this.applyRemote(await this.storedSince(null));
  }

  /**
   * For a command holding the document on several nodes (collab.withDocument, ADR 027), under the
   * document's lock: applies at once what the database has and this copy lacks — rows other nodes
   * committed whose frames have not arrived — so the command reads every stored edit.
   */
  async catchUp(): Promise<void> {
    const missing = await this.storedSince(Y.encodeStateVector(this.doc));
    if (!this.destroyed) Y.applyUpdate(this.doc, missing, REMOTE_ORIGIN);
  }

  /** The stored state (beyond `stateVector`, if given), read into a scratch document first. */
  private async storedSince(stateVector: Uint8Array | null): Promise<Uint8Array> {
    const scratch = new Y.Doc();
    try {
      await this.persistence.load(this.key, scratch, LOAD_ORIGIN);
      return stateVector ? Y.encodeStateAsUpdate(scratch, stateVector) : Y.encodeStateAsUpdate(scratch);
    } finally {
      scratch.destroy();
    }
  }

  /** `userId`'s accepted update wrote under `clientId` first: it is theirs from now on (C-13). */
  claimWriter(clientId: number, userId: string): void {
    if (this.writers.has(clientId)) return;
    this.writers.set(clientId, userId);
    this.onWriterClaimed?.(clientId, userId);
  }

  /** A claim another node made and stored (C-13): held here too, unless this id already has its writer. */
  takeRemoteClaim(clientId: number, userId: string): void {
    if (!this.writers.has(clientId)) this.writers.set(clientId, userId);
  }

  broadcast(message: Uint8Array, except?: Peer): void {
    for (const peer of this.peers) if (peer !== except) peer.send(message);
  }

  /**
   * Resolves when nothing of this document waits for storage — before a sync answer, so a joining
   * peer never sees unstored state. It resolves in the same turn as that check, so an answer
   * written right after it holds only stored updates (on PostgreSQL a commit's reply arrives as a
   * new event, and other peers' updates may have joined meanwhile: then it commits again).
   */
  async flushPending(): Promise<void> {
    for (;;) {
      await this.persistence.flush();
      if (!this.persistence.isPending(this.key)) return;
      await this.persistence.lockWait(this.key);
    }
  }

  /** `refused` for the store to call: one function for every update, not a closure per keystroke. */
  private readonly refusedByStore = (): void => this.refused();

  /** An update of this copy will never be stored: the agreement is locked, and the copy is to be dropped. */
  private refused(): void {
    this.locked = true;
    if (this.stale) return;
    this.stale = true;
    this.onStale?.();
  }

  /** Folds the log into the state row; one at a time per document. A stale copy is never folded in. */
  async compact(): Promise<void> {
    if (this.stale) return;
    while (this.compacting) await this.compacting.catch(() => undefined);
    this.updatesSinceCompaction = 0;
    this.compacting = this.persistence.compact(this.key).finally(() => (this.compacting = null));
    await this.compacting;
  }

  /** Folding the log is an optimisation: if it fails mid-edit the log stays whole and the edit goes on. */
  private compactQuietly(): void {
    if (this.compacting) return;
    this.compact().catch((error: unknown) => {
      console.error(`collab: compacting ${this.key} failed; the update log is kept:`, error);
    });
  }

  /**
   * Holds the document for a server reader or command (collab.withDocument): until the returned
   * function is called, connections queue their clients' messages instead of applying them, so
   * what the command read is what it binds to, however long its awaits take.
   */
  hold(): () => void {
    this.holds++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--this.holds > 0) return;
      const waiting = this.released;
      this.released = [];
      for (const resume of waiting) resume();
    };
  }

  get held(): boolean {
    return this.holds > 0;
  }

  /** Calls `resume` once no server reader holds the document (at once if none does). */
  whenReleased(resume: () => void): void {
    if (this.holds === 0) resume();
    else this.released.push(resume);
  }

  destroy(): void {
    this.destroyed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * y-protocols' sync "update" message (MESSAGE_SYNC, messageYjsUpdate, the update's length as a
 * varuint, the update), written into one buffer of its exact size: it is built for every relayed
 * update, and the encoder's growing buffer cost a second allocation and a copy each time.
 */
export function syncUpdateMessage(update: Uint8Array): Uint8Array {
  let lengthBytes = 1;
  for (let rest = update.byteLength >>> 7; rest > 0; rest >>>= 7) lengthBytes++;
  const message = new Uint8Array(2 + lengthBytes + update.byteLength);
  message[0] = MESSAGE_SYNC;
  message[1] = syncProtocol.messageYjsUpdate;
  let at = 2;
  let rest = update.byteLength;
  for (; rest > 0x7f; rest >>>= 7) message[at++] = 0x80 | (rest & 0x7f);
  message[at++] = rest;
  message.set(update, at);
  return message;
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
