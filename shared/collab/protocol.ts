/**
 * Everything that crosses the collaboration WebSocket, as named constants (docs/style.md convention 5).
 * Message types are y-websocket's, so an unmodified WebsocketProvider is a first-class client.
 * The document's size limits are the import's (shared/agreement.ts, shared/schemas/negotiation.ts).
 */
import { MAX_BODY_CHARS, MAX_CLAUSES, MAX_TITLE_CHARS } from "../agreement";
import { MAX_DRAFT_BYTES } from "../schemas/negotiation";

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
  /** A frame above COLLAB_DEFAULTS.maxFrameBytes (ws closes with 1009 itself before we see it). */
  frameTooLarge: 1009,
  /** More messages than the per-connection rate allows; outside 44xx so the provider reconnects after backoff. */
  rateLimited: 4029,
  /** The document already has COLLAB_DEFAULTS.maxConnectionsPerDocument clients (defaults.ts). */
  documentFull: 4503,
  /** The server is shutting down; clients reconnect to the next process. */
  serverShutdown: 1012,
  /**
   * A presence frame over a PRESENCE_LIMITS bound or with a field the app never sends (C-14): the
   * frame is dropped whole and the socket closed. Honest clients never send one; the provider
   * reconnects after backoff and starts its presence afresh.
   */
  presenceRefused: 4422,
} as const;

/** Reasons sent in a y-protocols auth "permission denied" message when an update is refused. */
export const DENIAL_REASONS = {
  readOnly: "read-only: 只读角色不能修改协议文本 (read-only role)",
  locked: "locked: 协议已签署,文本已锁定 (agreement signed and locked)",
} as const;

/**
 * Reasons sent (as "code: 中文 (English)") in a y-protocols auth "permission denied" message when
 * an editor's update is refused whole (C-13, C-15). Unlike the two above the editor stays writable:
 * the browser drops its replica's unaccepted changes, shows the reason and syncs again.
 */
export const REFUSAL_REASONS = {
  clientIdTaken: "client-id-taken: 此编辑会话的客户端编号已被他人使用,修改未被接受 (this client id belongs to another user)",
  unknownRoot: "unknown-root: 协议文本中不允许新的顶层结构 (unknown top-level type)",
  unknownKey: "unknown-key: 协议文本中不允许未知的字段 (unknown field)",
  notPlainText: "not-plain-text: 标题和正文只能是纯文字,不能嵌入对象、格式或嵌套结构 (only plain text in titles and bodies)",
  nesting: "nesting: 协议文本中不允许嵌套结构 (nested structure outside the document shape)",
  valueTooLong: `value-too-long: 字段值超过 ${MAX_TITLE_CHARS} 字的上限 (a field value over ${MAX_TITLE_CHARS} characters)`,
  bodyTooLong: `body-too-long: 本条内容超过 ${MAX_BODY_CHARS} 字的上限 (this clause's text is over the ${MAX_BODY_CHARS}-character limit)`,
  titleTooLong: `title-too-long: 标题超过 ${MAX_TITLE_CHARS} 字的上限 (a title over the ${MAX_TITLE_CHARS}-character limit)`,
  tooManyClauses: `too-many-clauses: 条款数超过 ${MAX_CLAUSES} 条的上限 (more than ${MAX_CLAUSES} clauses)`,
  documentTooLarge: `document-too-large: 协议文本超过 ${MAX_DRAFT_BYTES / 1024 / 1024} MB 的上限 (the agreement's text is over ${MAX_DRAFT_BYTES / 1024 / 1024} MB)`,
} as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[keyof typeof REFUSAL_REASONS];

/** Whether an auth message's reason is a refused update (the editor resyncs) rather than a read-only denial. */
export function isRefusal(reason: string): boolean {
  return (Object.values(REFUSAL_REASONS) as string[]).includes(reason);
}

/**
 * Presence (awareness) bounds (C-14). A WebsocketProvider announces one client id per document;
 * a reconnect keeps it, a reloaded tab takes a new one on a new socket, so 4 per socket is ample.
 * The app's largest state — user, a CodeMirror cursor (two relative positions) and a clause id —
 * is about 400 bytes; 4 KB leaves room without letting one frame fan megabytes out to every peer.
 */
export const PRESENCE_LIMITS = {
  maxClientIdsPerConnection: 4,
  maxStateBytes: 4 * 1024,
  /** The fields the app sets: `user` (useCollab.ts), `cursor` (y-codemirror.next), `clauseId` (ClauseCard.tsx). */
  fields: ["user", "cursor", "clauseId"] as readonly string[],
} as const;
