/**
 * Everything that crosses the collaboration WebSocket, as named constants (style.md convention 5).
 * Message types are y-websocket's, so an unmodified WebsocketProvider is a first-class client.
 */
export const COLLAB_PATH = "/collab";

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** Close codes in the private range 4000–4999; each names why the server closed the socket. */
export const CLOSE_CODES = {
  /** A frame that does not decode, or an update that does not apply. */
  malformedMessage: 4400,
  /** The session ended or was revoked while connected. */
  unauthorised: 4401,
  /** The user no longer takes part in the negotiation. */
  forbidden: 4403,
  /** A frame above MAX_FRAME_BYTES (ws closes with 1009 itself before we see it). */
  frameTooLarge: 1009,
  /** More messages than the per-connection rate allows; outside 44xx so the provider reconnects after backoff. */
  rateLimited: 4029,
  /** The document already has MAX_CONNECTIONS_PER_DOCUMENT clients. */
  documentFull: 4503,
  /** The server is shutting down; clients reconnect to the next process. */
  serverShutdown: 1012,
} as const;

/** Reasons sent in a y-protocols auth "permission denied" message when an update is refused. */
export const DENIAL_REASONS = {
  readOnly: "read-only: 只读角色不能修改协议文本 (read-only role)",
  locked: "locked: 协议已签署,文本已锁定 (agreement signed and locked)",
} as const;

export const COLLAB_LIMITS = {
  /** 200 clauses × 50,000 characters of UTF-8 Chinese is ~30 MB; a whole offline session rarely passes 1 MB. */
  maxFrameBytes: 8 * 1024 * 1024,
  /** Typing fast is ~15 updates/s plus awareness; 400 in a burst covers a paste storm from one tab. */
  messageBurst: 400,
  messagesPerSecond: 100,
  maxConnectionsPerDocument: 250,
  /**
   * Updates one connection may hold that wait for content it has not sent yet (an edit typed
   * between reconnecting and its sync step 2); more than a whole offline session (1 MB) is hostile.
   */
  maxHeldUpdateBytes: 1024 * 1024,
} as const;
