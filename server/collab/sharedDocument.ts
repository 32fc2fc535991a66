import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { parseDocumentName, type DraftKind } from "../../shared/collab/documentName";
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from "../../shared/collab/protocol";
import { COMPACT_AFTER_UPDATES, DocPersistence } from "./persistence";

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
}

export type ChangeListener = (negotiationId: string, update: Uint8Array, origin: ChangeOrigin) => void;

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
  /** Called with each new claim, to store it (writerClaims.ts). */
  onWriterClaimed?: (clientId: number, userId: string) => void;
  locked: boolean;
  /** The negotiation this document belongs to, and which of its documents it is (`live` or a side). */
  readonly negotiationId: string;
  readonly draft: DraftKind;
  private updatesSinceCompaction: number;

  constructor(
    /** The collaboration name: `<negotiationId>` or `<negotiationId>~<side>` (shared/collab/documentName.ts). */
    readonly key: string,
    private readonly persistence: DocPersistence,
    options: { locked: boolean; onChange?: ChangeListener },
  ) {
    const name = parseDocumentName(key);
    if (!name) throw new Error(`not a document name: ${key}`);
    this.negotiationId = name.negotiationId;
    this.draft = name.draft;
    this.locked = options.locked;
    this.awareness.setLocalState(null); // the server itself has no presence
    this.writers.set(this.doc.clientID, SERVER_WRITER); // server-side changes: seed, import, restore
    this.updatesSinceCompaction = persistence.load(key, this.doc, LOAD_ORIGIN).updates;

    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD_ORIGIN) return;
      const change = origin as ChangeOrigin;
      // Stored before relayed: an update any peer has seen survives a kill -9 of the server.
      persistence.enqueue(key, update, { userId: change?.userId ?? null, origin: change?.label ?? "unknown" }, () =>
        this.broadcast(syncUpdateMessage(update), change?.connection),
      );
      options.onChange?.(key, update, change);
      if (++this.updatesSinceCompaction >= COMPACT_AFTER_UPDATES) this.compactQuietly();
    });

    this.awareness.on("update", ({ added, updated, removed }: AwarenessChange) => {
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      this.broadcast(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)));
    });
  }

  /** `userId`'s accepted update wrote under `clientId` first: it is theirs from now on (C-13). */
  claimWriter(clientId: number, userId: string): void {
    if (this.writers.has(clientId)) return;
    this.writers.set(clientId, userId);
    this.onWriterClaimed?.(clientId, userId);
  }

  broadcast(message: Uint8Array, except?: Peer): void {
    for (const peer of this.peers) if (peer !== except) peer.send(message);
  }

  /** Commits queued updates now: before a sync answer, so a joining peer never sees unstored state. */
  flushPending(): void {
    this.persistence.flush();
  }

  compact(): void {
    this.persistence.compact(this.key, this.doc);
    this.updatesSinceCompaction = 0;
  }

  /** Folding the log is an optimisation: if it fails mid-edit the log stays whole and the edit goes on. */
  private compactQuietly(): void {
    try {
      this.compact();
    } catch (error) {
      console.error(`collab: compacting ${this.key} failed; the update log is kept:`, error);
    }
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
