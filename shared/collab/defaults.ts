/**
 * Every tunable of the collaboration service in one place, each name ending in its unit (issue 12
 * item 8). In ./shared because the limits bound what crosses the WebSocket (tests and clients read
 * them too) and shared/ imports nothing of the server. The protocol's fixed rules (message types,
 * close codes, presence bounds of C-14) stay in protocol.ts.
 */
export const COLLAB_DEFAULTS = {
  /** Keep an idle document this long after its last user leaves, so a quick reconnect is free. */
  idleUnloadMs: 30_000,
  /** Once the last document unloaded, one full garbage collection this much later (server/collab/idleMemory.ts). */
  idleCollectDelayMs: 1_000,
  /** A document whose compaction failed on its way out is tried again no sooner than this. */
  unloadRetryMs: 5_000,
  /** Fold the update log into one state row once it holds at most this many rows (and on unload). */
  compactAfterUpdates: 500,
  /**
   * Each document folds somewhere in the last this-many rows below `compactAfterUpdates`, chosen by
   * its name (server/collab/compactionThreshold.ts): documents opened and typed into together would
   * otherwise all fold in the same second, one stall per document back to back.
   */
  compactSpreadUpdates: 200,
  /**
   * Stored updates applied per Yjs transaction when loading. One transaction around 20,000 tiny
   * updates spends most of its time in the cleanup that merges their structs into runs (each merge
   * splices a 20,000-entry array); one per update pays a transaction each. Measured at 20,000
   * one-character updates, alternated (CPU, read included): all in one 1.28× of 64 at a time;
   * 256 at a time 0.92–0.93× of 64, 512 and 1,000 about the same.
   */
  loadBatchUpdates: 256,
  /** After a failed group commit (disk full, database busy past its 5 s timeout) try again this much later. */
  flushRetryMs: 1_000,
  /**
   * On several nodes, a document whose lock a command on another node holds (collab.withDocument,
   * ADR 027) is left out of the group commit and tried again this much later.
   */
  documentLockRetryMs: 20,
  /** Commands holding documents across nodes at once, per node: each keeps one pooled connection (of 10) for its lock. */
  exactCommandsAtOnce: 4,
  /**
   * Rows per SQLite INSERT of a group commit (db/appendUpdates.ts): one statement per batch instead
   * of one per update, kept well under its 32,766 bound parameters (6 per row). PostgreSQL's
   * append takes the rows as arrays, any number in one statement.
   */
  insertRowsPerStatementRows: 1_000,
  /** 200 clauses × 50,000 characters of UTF-8 Chinese is ~30 MB; a whole offline session rarely passes 1 MB. */
  maxFrameBytes: 8 * 1024 * 1024,
  /** Typing fast is ~15 updates/s plus awareness; 400 in a burst covers a paste storm from one tab. */
  burstMessages: 400,
  messagesPerSecond: 100,
  maxConnectionsPerDocument: 250,
  /**
   * Updates one connection may hold that wait for content it has not sent yet (an edit typed
   * between reconnecting and its sync step 2); more than a whole offline session (1 MB) is hostile.
   */
  maxHeldUpdateBytes: 1024 * 1024,
  /** Start-up waits this long for Redis to answer (REDIS_URL, ADR 027) before it refuses to start. */
  redisReadyTimeoutMs: 10_000,
  /** Reconnecting to Redis backs off by this much per attempt… */
  redisRetryStepMs: 100,
  /** …up to this much between attempts. */
  redisRetryMaxMs: 2_000,
  /**
   * Frames handed to Redis and not yet answered, at most: beyond it a document's updates are not
   * sent but owed a resync (ADR 027), so a slow Redis never grows a node's memory without bound.
   */
  redisMaxInFlightBytes: 8 * 1024 * 1024,
  /**
   * A copy that applied another node's update but lacks what it builds on (a frame lost, ADR 027)
   * re-reads the database, at most this often while the gap stays open.
   */
  gapResyncMinMs: 500,
  /** Control frames (locks, reauthorisations, events, claims) kept while Redis is away, at most. */
  redisMaxRetainedControl: 10_000,
  /** Each node says it is alive on the control channel this often (ADR 027, "a node killed between commit and publish")… */
  clusterHeartbeatMs: 1_000,
  /**
   * …and a node not heard for this long is taken for gone: every document loaded here re-reads
   * PostgreSQL, where any update it committed but never published already is.
   */
  clusterSilentAfterMs: 3_000,
} as const;
