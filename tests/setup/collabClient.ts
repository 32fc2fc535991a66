import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

/** A ws WebSocket that sends the session cookie (and optionally an Origin) on the upgrade. */
function cookieSocket(cookie: string | undefined, origin?: string) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...(origin ? { Origin: origin } : {}) } });
    }
  };
}

export interface TestPeer {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

/** A real, unmodified y-websocket provider in Node, as the contract promises any client can be. */
export function connectPeer(baseUrl: string, negotiationId: string, cookie: string | undefined, options: { origin?: string; connect?: boolean; doc?: Y.Doc } = {}): TestPeer {
  // A caller's own document: a chosen client id, or a replica restored from an offline copy.
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, "ws")}/collab`, negotiationId, doc, {
    WebSocketPolyfill: cookieSocket(cookie, options.origin) as unknown as typeof globalThis.WebSocket,
    connect: options.connect ?? true,
    disableBc: true,
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Polls `predicate` (which may read the database, so it may be async) until it holds. */
export function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = async () => {
      try {
        if (await predicate()) return resolve();
      } catch (error) {
        return reject(error);
      }
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

export function synced(peer: TestPeer, timeoutMs = 10_000): Promise<void> {
  return waitFor(() => peer.provider.synced, timeoutMs, "sync");
}

/** Opens a raw upgrade and resolves with the HTTP status the server answered (101 when accepted). */
export function upgradeStatus(baseUrl: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}${path}`, { headers });
    ws.on("open", () => {
      ws.close();
      resolve(101);
    });
    ws.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on("error", () => resolve(0));
  });
}
