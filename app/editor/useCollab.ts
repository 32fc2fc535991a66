import { useEffect, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import { COLLAB_PATH, isRefusal, MESSAGE_AUTH } from "~/shared/collab/protocol";
import type { Side } from "~/shared/roles";
import { localDraftName } from "./localDrafts";
import { colorFor } from "./sideColors";

type AuthHandler = (encoder: unknown, decoder: decoding.Decoder) => void;

export type ConnectionStatus = "connecting" | "connected" | "reconnecting";

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  status: ConnectionStatus;
  synced: boolean;
  /** The draft has been in sync at least once: from then on it stays editable while offline. */
  loaded: boolean;
  online: boolean;
  /** Local changes made since the connection was last in sync: sent on reconnect. */
  unsent: number;
  denial: string | null;
  /** The last update the server refused, as "code: 中文 (English)"; this replica was reset to the server's draft. */
  refusal: string | null;
}

export interface PresenceUser {
  id: string;
  name: string;
  side: Side;
}

/**
 * Joins a draft with an unmodified y-websocket provider (the contract's endpoint): the live draft
 * (`documentName` = the negotiation id) or the side's private draft (`<id>~<side>`). Edits made
 * while offline stay in the document and in this browser's IndexedDB copy of that document
 * (localDrafts.ts), and are sent on reconnect — even after the tab was closed in between.
 *
 * When the server refuses an update (too long, wrong shape, a client id someone else writes
 * with: SPEC C-13, C-15), this replica holds changes the server never will, and every later edit
 * would build on them. So the refusal is shown and the replica starts afresh from the server: a
 * new document (a new client id) without the IndexedDB copy's unaccepted changes.
 */
export function useCollab(documentName: string, user: PresenceUser): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);

  useEffect(() => {
    let disposed = false;
    let refusal: string | null = null;
    let teardown: () => Promise<void> = async () => undefined;

    const open = () => {
      const doc = new Y.Doc();
      const local = new IndexeddbPersistence(localDraftName(user.id, documentName), doc);
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      const provider = new WebsocketProvider(`${scheme}://${window.location.host}${COLLAB_PATH}`, documentName, doc, {
        maxBackoffTime: 10_000,
      });
      const color = colorFor(user.side, user.id);
      provider.awareness.setLocalStateField("user", { id: user.id, name: user.name, side: user.side, color, colorLight: `${color}33` });

      let state: CollabSession = { doc, provider, status: "connecting", synced: false, loaded: false, online: navigator.onLine, unsent: 0, denial: null, refusal };
      let everConnected = false;
      const publish = (patch: Partial<CollabSession>) => {
        if (disposed) return;
        state = { ...state, ...patch };
        setSession(state);
      };
      publish({});

      const onStatus = ({ status }: { status: string }) => {
        if (status === "connected") everConnected = true;
        publish({ status: status === "connected" ? "connected" : everConnected ? "reconnecting" : "connecting" });
      };
      const onSync = (synced: boolean) => publish({ synced, loaded: state.loaded || synced, unsent: synced ? 0 : state.unsent });
      const onUpdate = (_update: Uint8Array, origin: unknown) => {
        if (origin !== provider && !(provider.wsconnected && provider.synced)) publish({ unsent: state.unsent + 1 });
      };
      const onOnline = () => publish({ online: navigator.onLine });
      provider.on("status", onStatus);
      provider.on("sync", onSync);
      doc.on("update", onUpdate);
      window.addEventListener("online", onOnline);
      window.addEventListener("offline", onOnline);
      // The server explains a refused update (y-protocols auth message): show it, don't just log it.
      (provider as unknown as { messageHandlers: AuthHandler[] }).messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
        if (decoding.readVarUint(decoder) !== 0) return;
        const reason = decoding.readVarString(decoder);
        if (!isRefusal(reason)) return publish({ denial: reason });
        refusal = reason;
        refusedHere = true;
        publish({ refusal: reason });
        // After this message handler returns: the provider is still inside it.
        setTimeout(() => void restart(), 0);
      };

      let refusedHere = false;
      let cleared = false;
      teardown = async () => {
        if (cleared) return;
        cleared = true;
        window.removeEventListener("online", onOnline);
        window.removeEventListener("offline", onOnline);
        doc.off("update", onUpdate);
        provider.destroy();
        if (refusedHere) await local.clearData(); // the copy holds what the server refused
        else await local.destroy();
        doc.destroy();
      };
    };

    const restart = async () => {
      await teardown();
      if (!disposed) open();
    };

    open();
    return () => {
      disposed = true;
      void teardown();
      setSession(null);
    };
  }, [documentName, user.id, user.name, user.side]);

  return session;
}
