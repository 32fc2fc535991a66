import * as authProtocol from "y-protocols/auth";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import * as Y from "yjs";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import { CLOSE_CODES, DENIAL_REASONS, MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, REFUSAL_REASONS, type RefusalReason } from "~/shared/collab/protocol";
import { can, type Membership, type NegotiationFacts } from "../policies/negotiation";
import { screenAwarenessUpdate, type PresenceIdentity } from "./awareness";
import { MessageRateLimiter } from "./limits";
import { inspectUpdate, type DecodedUpdate } from "./updateInspector";
import { awarenessMessage, type ChangeOrigin, type SharedDocument } from "./sharedDocument";

class MalformedMessage extends Error {}

/** Removes and returns (V2-encoded) whatever the last apply left pending in the document. */
function takePending(doc: Y.Doc): Uint8Array | null {
  const { store } = doc;
  const parts: Uint8Array[] = [];
  if (store.pendingStructs) parts.push(store.pendingStructs.update);
  if (store.pendingDs) parts.push(store.pendingDs);
  store.pendingStructs = null;
  store.pendingDs = null;
  return parts.length === 0 ? null : parts.length === 1 ? parts[0] : Y.mergeUpdatesV2(parts);
}

/**
 * The document's clock, before the update is applied, for each client it writes under that is
 * not claimed yet (a claimed id stays its writer's: only new ones need watching). Null when there
 * is none — every keystroke after a tab's first — so the usual update allocates nothing here.
 */
function clockBefore(shared: SharedDocument, decoded: DecodedUpdate, into: Map<number, number> | null = null): Map<number, number> | null {
  let clocks = into;
  for (const struct of decoded.structs) {
    const client = struct.id.client;
    if (shared.writers.has(client) || clocks?.has(client)) continue;
    (clocks ??= new Map()).set(client, Y.getState(shared.doc.store, client));
  }
  return clocks;
}

/**
 * One client's socket on one document. It speaks y-websocket's messages, refuses document
 * updates from read-only members and on locked agreements, refuses (and says so) an editor's
 * update that writes under someone else's client id or breaks the document's shape or limits,
 * and closes only itself on bad input.
 */
export class CollabConnection {
  private readonly rate = new MessageRateLimiter(COLLAB_DEFAULTS.burstMessages, COLLAB_DEFAULTS.messagesPerSecond);
  /** Client ids this socket's presence announced: an editor's reserve them for its user until it closes (C-13). */
  private readonly clientIds = new Set<number>();
  private readonly origin: ChangeOrigin;
  private closed = false;
  private deniedOnce = false;
  /** This connection's updates that wait for content it has not sent yet (see `applyFromClient`). */
  private held: Uint8Array | null = null;
  /**
   * Messages that arrived while an earlier one was still being answered (a sync answer waits for
   * the group commit) or while a server command holds the document: handled later, in order. The
   * rate limiter bounds how many can pile up.
   */
  private readonly inbox: Array<[Buffer, boolean]> = [];
  /** An earlier message's answer is still on its way: later ones wait in the inbox. */
  private busy = false;

  constructor(
    private readonly ws: WebSocket,
    /** The upgraded socket under `ws`: corked while one run of the event loop sends to this peer. */
    private readonly socket: Pick<Duplex, "cork" | "uncork">,
    private readonly shared: SharedDocument,
    private identity: PresenceIdentity,
    private membership: Membership,
    /** The negotiation's facts at the upgrade (negotiationFacts); the lock is read live from the document. */
    private readonly negotiation: NegotiationFacts,
    /** The session this socket was opened with: it ends with it (C-12). */
    readonly sessionToken: string,
    private readonly onClose: (connection: CollabConnection) => void,
  ) {
    this.origin = { userId: identity.userId, label: "client", connection: this };
    shared.peers.add(this);
    ws.on("close", () => this.dispose());
    ws.on("error", () => this.close(CLOSE_CODES.malformedMessage, "socket error"));
    this.greet();
  }

  /** y-websocket's server opens with its state vector (no content: nothing to store first) and everyone's presence. */
  private greet(): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.shared.doc);
    this.send(encoding.toUint8Array(encoder));
    const states = [...this.shared.awareness.getStates().keys()];
    if (states.length > 0) this.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.shared.awareness, states)));
  }

  get userId(): string {
    return this.identity.userId;
  }

  get negotiationId(): string {
    return this.shared.negotiationId;
  }

  /** What the policy reads: the negotiation's facts, with the lock as it is now (signing locks the connected documents). */
  get facts(): NegotiationFacts {
    return { ...this.negotiation, locked: this.shared.locked };
  }

  /** The user's seat changed while connected: their next updates are judged by the new one (C-12). */
  reseat(membership: Membership): void {
    this.membership = membership;
    this.writeVerdict = null;
    this.identity = { ...this.identity, side: membership.side };
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.ws.send(message, this.sent);
  }

  /**
   * Frames sent to this peer in one run of the event loop leave in one write: a group commit
   * relays its whole batch in one loop, and each frame written on its own was one writev system
   * call, the largest single cost of relaying in the issue 18 profile (ws corks each frame's
   * header and payload itself; an outer cork holds them until this callback).
   */
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  /** One callback for every send: a closure per message and peer showed in profiles under load. */
  private readonly sent = (error?: Error | null): void => {
    if (error) this.close(CLOSE_CODES.malformedMessage, "send failed");
  };

  handle(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (!this.rate.take()) return this.close(CLOSE_CODES.rateLimited, "too many messages");
    if (this.busy || this.shared.held || this.inbox.length > 0) {
      this.inbox.push([data, isBinary]);
      if (!this.busy) this.shared.whenReleased(() => this.drain());
      return;
    }
    this.process(data, isBinary);
  }

  /** Handles one message; one whose answer must wait (a sync answer) keeps the rest in the inbox until it is sent. */
  private process(data: Buffer, isBinary: boolean): void {
    let answering: Promise<void> | void;
    try {
      if (!isBinary) throw new MalformedMessage("text frame");
      answering = this.dispatch(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      return this.close(CLOSE_CODES.malformedMessage, error instanceof MalformedMessage ? error.message : "malformed message");
    }
    if (!answering) return;
    this.busy = true;
    answering.then(
      () => {
        this.busy = false;
        this.shared.whenReleased(() => this.drain());
      },
      (error: unknown) => {
        this.busy = false;
        console.error(`collab: answering a client of ${this.shared.key} failed:`, error);
        this.close(CLOSE_CODES.serverShutdown, "could not store pending updates");
      },
    );
  }

  private drain(): void {
    while (this.inbox.length > 0 && !this.busy && !this.closed) {
      if (this.shared.held) return this.shared.whenReleased(() => this.drain());
      const [data, isBinary] = this.inbox.shift()!;
      this.process(data, isBinary);
    }
  }

  private dispatch(message: Uint8Array): Promise<void> | void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        return this.handleSync(decoder);
      case MESSAGE_AWARENESS:
        return this.handleAwareness(decoding.readVarUint8Array(decoder));
      case MESSAGE_QUERY_AWARENESS: {
        const ids = [...this.shared.awareness.getStates().keys()];
        return this.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.shared.awareness, ids)));
      }
      case MESSAGE_AUTH:
        return; // clients have nothing to tell us here
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
  }

  private handleSync(decoder: decoding.Decoder): Promise<void> | void {
    const step = decoding.readVarUint(decoder);
    if (step === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      // The answer carries the document: everything in it is stored first, so nothing a peer
      // sees is lost to a crash (C-4). Messages after it wait their turn meanwhile.
      return this.shared.flushPending().then(() => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeSyncStep2(encoder, this.shared.doc, stateVector);
        this.send(encoding.toUint8Array(encoder));
      });
    }
    if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) throw new MalformedMessage(`unknown sync step ${step}`);
    const update = decoding.readVarUint8Array(decoder);
    let decoded: DecodedUpdate;
    try {
      // Decoding first means a corrupt update is refused before it can touch the document.
      decoded = Y.decodeUpdate(update);
    } catch {
      throw new MalformedMessage("update does not decode");
    }
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return; // nothing to apply
    const denial = this.writeDenial();
    if (denial) return this.deny(denial);
    this.applyFromClient(update, decoded);
  }

  /**
   * Applies a client's update once it passes the checks (C-13, C-15): nothing refused touches the
   * shared document, and the sender is told why. What cannot integrate yet (it builds on content
   * the server lacks: a clock gap, an unknown origin) would otherwise sit in the shared document's
   * pending store, be folded into the compacted state and handed to every peer in sync step 2,
   * where a forged future clock of another client could later win over that client's real edit.
   * So it is taken out and held for this connection only, and checked again when it integrates: a
   * legitimate client fills the gap with its next messages (an edit typed between reconnecting and
   * its sync step 2), a hostile one is closed once it holds more than a whole offline session, and
   * whatever is held dies with the socket.
   */
  private applyFromClient(update: Uint8Array, decoded: DecodedUpdate): void {
    const doc = this.shared.doc;
    const refusal = this.refusalOf(decoded);
    if (refusal) return this.refuse(refusal);
    // Other nodes' updates Yjs holds back (ADR 027: one they build on was lost) are not this
    // connection's to hold: set aside while its update applies, then given back to the document
    // (also when the apply throws, after what it left pending is dropped with the connection).
    const remote = takePending(doc);
    let pending: Uint8Array | null;
    try {
      let before = clockBefore(this.shared, decoded);
      Y.applyUpdate(doc, update, this.origin);
      if (this.held) {
        const held = this.held;
        this.held = null;
        const heldDecoded = Y.decodeUpdateV2(held);
        const heldRefusal = this.refusalOf(heldDecoded);
        if (heldRefusal) this.refuse(heldRefusal);
        else {
          before = clockBefore(this.shared, heldDecoded, before);
          Y.applyUpdateV2(doc, held, this.origin);
        }
      }
      if (before) this.claimWritten(before);
    } finally {
      pending = takePending(doc);
      if (remote) this.shared.returnHeldBack(remote);
    }
    if (!pending) return;
    if (pending.byteLength > COLLAB_DEFAULTS.maxHeldUpdateBytes) throw new MalformedMessage("update depends on content the server does not have");
    this.held = pending;
  }

  /** Why this connection's update may not join the document, if it may not. */
  private refusalOf(decoded: DecodedUpdate): RefusalReason | null {
    return this.takenClient(decoded) !== null ? REFUSAL_REASONS.clientIdTaken : inspectUpdate(this.shared.doc, decoded);
  }

  /**
   * A Yjs client id this update writes new structs under that belongs to someone else: one another
   * user's accepted update wrote with (or the server), or one another editor's open connection
   * announced and has not written with yet. A struct at another client's next clock would make the
   * server drop that client's real edit as already known, so such an update is refused whole and
   * its sender told (C-13). Structs the document already has are skipped by Yjs and not judged.
   */
  private takenClient(decoded: DecodedUpdate): number | null {
    const store = this.shared.doc.store;
    let last = -1;
    for (const struct of decoded.structs) {
      const client = struct.id.client;
      if (client === last || struct instanceof Y.Skip || struct.id.clock + struct.length <= Y.getState(store, client)) continue;
      last = client;
      const writer = this.shared.writers.get(client);
      if (writer !== undefined ? writer !== this.identity.userId : this.reservedByAnother(client)) return client;
    }
    return null;
  }

  /**
   * Whether another user's editing connection announced `clientId` as its own while nobody's
   * accepted update claims it (a fresh tab before its first keystroke). A read-only connection
   * reserves nothing; a reservation ends with its socket.
   */
  private reservedByAnother(clientId: number): boolean {
    if (this.remotelyAnnouncedByAnother(clientId)) return true;
    for (const peer of this.shared.peers) {
      if (peer instanceof CollabConnection && peer !== this && peer.userId !== this.userId && peer.clientIds.has(clientId) && peer.mayEdit()) return true;
    }
    return false;
  }

  /** Client ids whose structs integrated in this apply are this user's from now on. */
  private claimWritten(before: Map<number, number>): void {
    const store = this.shared.doc.store;
    for (const [client, clock] of before) {
      if (Y.getState(store, client) > clock) this.shared.claimWriter(client, this.identity.userId);
    }
  }

  /**
   * The policy's verdict on this seat writing this draft, asked again only when something it reads
   * changed: the seat (`reseat`) or the lock; the negotiation's other facts are fixed at the upgrade.
   * Asking per keystroke built the facts and the target anew each time.
   */
  private writeVerdict: { locked: boolean; mayEdit: boolean } | null = null;

  private mayEdit(): boolean {
    const locked = this.shared.locked;
    if (this.writeVerdict?.locked !== locked) this.writeVerdict = { locked, mayEdit: can(this.membership, "writeDraft", this.facts, { draft: this.shared.draft }) };
    return this.writeVerdict.mayEdit;
  }

  private writeDenial(): string | null {
    if (this.shared.locked) return DENIAL_REASONS.locked;
    if (!this.mayEdit()) return DENIAL_REASONS.readOnly;
    return null;
  }

  /** Tells a read-only client once why its updates go nowhere; later ones are dropped silently (C-5). */
  private deny(reason: string): void {
    if (this.deniedOnce) return;
    this.deniedOnce = true;
    this.sendPermissionDenied(reason);
  }

  /** Tells an editor that this update was refused: every time, since each one is a change they made (C-13). */
  private refuse(reason: RefusalReason): void {
    this.sendPermissionDenied(reason);
  }

  private sendPermissionDenied(reason: string): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AUTH);
    authProtocol.writePermissionDenied(encoder, reason);
    this.send(encoding.toUint8Array(encoder));
  }

  /** What screening a presence frame asks of this connection: made once, not per frame (every peer's echoes arrive here). */
  private readonly presenceOwner = {
    owns: (id: number) => this.ownsClient(id),
    ownedIds: this.clientIds,
    knownClock: (id: number) => this.shared.awareness.meta.get(id)?.clock,
  };

  private handleAwareness(update: Uint8Array): void {
    const screened = screenAwarenessUpdate(update, this.identity, this.presenceOwner);
    // Every presence entry counts against the message rate, not only its frame (C-14).
    if (screened.refused) return this.close(CLOSE_CODES.presenceRefused, screened.refused);
    if (!this.rate.take(Math.max(0, screened.entries - 1))) return this.close(CLOSE_CODES.rateLimited, "too many messages");
    if (!screened.update) return;
    for (const id of screened.clientIds) this.clientIds.add(id);
    awarenessProtocol.applyAwarenessUpdate(this.shared.awareness, screened.update, this);
  }

  /** A peer on another node announced `clientId` as someone else's (ADR 027). */
  private remotelyAnnouncedByAnother(clientId: number): boolean {
    const remote = this.shared.remotePresence.get(clientId);
    return remote !== undefined && remote !== this.identity.userId;
  }

  /** A client id is this connection's if no other connection, here or on another node, has claimed it. */
  private ownsClient(clientId: number): boolean {
    if (this.clientIds.has(clientId)) return true;
    if (this.remotelyAnnouncedByAnother(clientId)) return false;
    for (const peer of this.shared.peers) if (peer !== this && peer instanceof CollabConnection && peer.clientIds.has(clientId)) return false;
    return true;
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
    this.dispose();
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.shared.peers.delete(this);
    // Presence of a closed connection disappears at once, not after the 30 s awareness timeout.
    if (this.clientIds.size > 0) awarenessProtocol.removeAwarenessStates(this.shared.awareness, [...this.clientIds], this);
    this.onClose(this);
  }
}
