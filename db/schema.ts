import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/*
 * The whole data model, designed up front for the procedure in docs/domain.md: organisations and the
 * union tree, accounts and sessions, negotiations with their participants and delegations, the
 * clause workflow (status, tentative agreements, comments, caucus notes, meetings), immutable
 * versions, ratification, sign-offs, the hash-chained audit log and the Yjs update log.
 * Times are epoch milliseconds; calendar dates (statutory clocks) are 'YYYY-MM-DD' strings.
 */

const createdAt = () => integer("created_at").notNull().default(sql`(unixepoch() * 1000)`);

/** Unions (with their level in the hierarchy), enterprises, unorganised workers' assemblies and authorities (labour administration). */
export const organisations = sqliteTable("organisations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind", { enum: ["union", "enterprise", "assembly", "authority"] }).notNull(),
  level: text("level").notNull(),
  parentId: text("parent_id"),
  createdAt: createdAt(),
});

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  organisationId: text("organisation_id").references(() => organisations.id),
  isAdmin: integer("is_admin", { mode: "boolean" }).notNull().default(false),
  disabledAt: integer("disabled_at"),
  createdAt: createdAt(),
});

/** Server-side sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id),
    createdAt: createdAt(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Failed sign-ins, counted per account and per address for rate limiting. */
export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    username: text("username").notNull(),
    address: text("address").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("login_failures_username_idx").on(t.username, t.at), index("login_failures_address_idx").on(t.address, t.at)],
);

export const negotiations = sqliteTable("negotiations", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  scope: text("scope", { enum: ["enterprise", "sector", "regional"] }).notNull(),
  region: text("region").notNull().default(""),
  industry: text("industry").notNull().default(""),
  mode: text("mode", { enum: ["standard", "represent", "participate"] }).notNull(),
  unionOrgId: text("union_org_id").notNull().references(() => organisations.id),
  enterpriseOrgId: text("enterprise_org_id").notNull().references(() => organisations.id),
  higherUnionOrgId: text("higher_union_org_id").references(() => organisations.id),
  proposedBySide: text("proposed_by_side", { enum: ["union", "enterprise"] }).notNull(),
  proposedOn: text("proposed_on").notNull(),
  answeredOn: text("answered_on"),
  status: text("status", {
    enum: ["proposed", "bargaining", "suspended", "ratified", "signed", "filed", "effective"],
  })
    .notNull()
    .default("proposed"),
  lockedAt: integer("locked_at"),
  signedOn: text("signed_on"),
  filedOn: text("filed_on"),
  effectiveOn: text("effective_on"),
  /** The day the agreement was published to every covered worker (集体合同规定第四十八条). */
  publishedOn: text("published_on"),
  expiresOn: text("expires_on"),
  /** The labour administration's review of the filed agreement (集体合同规定第四十五至四十七条). */
  reviewOutcome: text("review_outcome", { enum: ["no_objection", "objection"] }),
  reviewedOn: text("reviewed_on"),
  reviewNote: text("review_note"),
  /** The minimum-wage area whose rounds the clause checks and the impact calculator use, e.g. 内蒙古·一类 (issue 13). */
  minimumWageArea: text("minimum_wage_area").notNull().default("内蒙古·一类"),
  createdBy: text("created_by").references(() => users.id),
  createdAt: createdAt(),
  // Ledger (台账, docs/SPEC.md L-*): figures a chief keeps current, and what the ledger counts without opening the draft.
  /** Enterprises and workers the agreement covers (null until a chief fills them in). */
  coverageEnterprises: integer("coverage_enterprises"),
  coverageWorkers: integer("coverage_workers"),
  /** The last consultation on platform labour rules and algorithms (2026 guidance: at least once a year). */
  algorithmConsultedOn: text("algorithm_consulted_on"),
  /** The labour administration the agreement was filed with (报送审查). */
  filedWithOrgId: text("filed_with_org_id").references(() => organisations.id),
  /** Clauses in the live draft, kept by the clause watcher so the ledger counts progress in SQL. */
  clauseCount: integer("clause_count").notNull().default(0),
}, (t) => [
  index("negotiations_union_org_idx").on(t.unionOrgId),
  index("negotiations_higher_union_org_idx").on(t.higherUnionOrgId),
  index("negotiations_enterprise_org_idx").on(t.enterpriseOrgId),
]);

export const participants = sqliteTable(
  "participants",
  {
    id: text("id").primaryKey(),
    negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
    userId: text("user_id").notNull().references(() => users.id),
    side: text("side", { enum: ["union", "enterprise", "observer"] }).notNull(),
    role: text("role", { enum: ["chief", "representative", "legal_adviser", "higher_union", "observer"] }).notNull(),
    outsideExpert: integer("outside_expert", { mode: "boolean" }).notNull().default(false),
    addedBy: text("added_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("participants_negotiation_user_idx").on(t.negotiationId, t.userId)],
);

/** One-time invitations; the link carries a random token, the table only its SHA-256. */
export const invites = sqliteTable("invites", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  side: text("side", { enum: ["union", "enterprise", "observer"] }).notNull(),
  role: text("role", { enum: ["chief", "representative", "legal_adviser", "higher_union", "observer"] }).notNull(),
  createdBy: text("created_by").notNull().references(() => users.id),
  createdAt: createdAt(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
  usedBy: text("used_by").references(() => users.id),
});

/** 委托: a delegation of bargaining/signing (上代下) or participation (上参下) to a higher-level union. */
export const delegations = sqliteTable("delegations", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  kind: text("kind", { enum: ["represent", "participate"] }).notNull(),
  fromOrgId: text("from_org_id").notNull().references(() => organisations.id),
  toOrgId: text("to_org_id").notNull().references(() => organisations.id),
  letterNo: text("letter_no").notNull(),
  validFrom: text("valid_from").notNull(),
  validTo: text("valid_to").notNull(),
  scan: blob("scan", { mode: "buffer" }),
  scanMime: text("scan_mime"),
  registeredBy: text("registered_by").references(() => users.id),
  createdAt: createdAt(),
  revokedAt: integer("revoked_at"),
  revokedBy: text("revoked_by").references(() => users.id),
  revokeReason: text("revoke_reason"),
});

/** Workflow status of each clause; the clause text itself lives in the Yjs document. */
export const clauseStates = sqliteTable(
  "clause_states",
  {
    negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
    clauseId: text("clause_id").notNull(),
    status: text("status", { enum: ["proposed", "negotiating", "agreed", "parked", "withdrawn"] }).notNull(),
    proposedBySide: text("proposed_by_side", { enum: ["union", "enterprise"] }),
    updatedBy: text("updated_by").references(() => users.id),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.negotiationId, t.clauseId] })],
);

/** 暂定一致: both chiefs confirm the exact text, bound by its SHA-256; any later edit voids it. */
export const tentativeAgreements = sqliteTable("tentative_agreements", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  clauseId: text("clause_id").notNull(),
  contentHash: text("content_hash").notNull(),
  /** The exact text bound, so a voided agreement can show what changed since. */
  agreedTitle: text("agreed_title").notNull().default(""),
  agreedBody: text("agreed_body").notNull().default(""),
  unionConfirmedBy: text("union_confirmed_by").references(() => users.id),
  unionConfirmedAt: integer("union_confirmed_at"),
  enterpriseConfirmedBy: text("enterprise_confirmed_by").references(() => users.id),
  enterpriseConfirmedAt: integer("enterprise_confirmed_at"),
  voidedAt: integer("voided_at"),
  voidReason: text("void_reason"),
  createdAt: createdAt(),
}, (t) => [
  // The ledger counts each negotiation's clauses at 暂定一致 from this partial index alone (docs/SPEC.md L-4).
  index("tentative_agreements_agreed_idx")
    .on(t.negotiationId)
    .where(sql`voided_at IS NULL AND union_confirmed_at IS NOT NULL AND enterprise_confirmed_at IS NOT NULL`),
]);

export const comments = sqliteTable("comments", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  clauseId: text("clause_id"),
  parentId: text("parent_id"),
  authorId: text("author_id").notNull().references(() => users.id),
  body: text("body").notNull(),
  /** The participants the body @mentions (user ids), parsed against the participant list when posted. */
  mentions: text("mentions", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  resolvedAt: integer("resolved_at"),
  resolvedBy: text("resolved_by").references(() => users.id),
  createdAt: createdAt(),
});

/** Private notes of one side; never served to the other side or to observers. */
export const caucusNotes = sqliteTable("caucus_notes", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  clauseId: text("clause_id"),
  side: text("side", { enum: ["union", "enterprise"] }).notNull(),
  authorId: text("author_id").notNull().references(() => users.id),
  body: text("body").notNull(),
  createdAt: createdAt(),
});

/** 协商会议: one bargaining session with its minutes, confirmed by both chiefs. */
export const meetings = sqliteTable("meetings", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  heldOn: text("held_on").notNull(),
  place: text("place").notNull(),
  chairUserId: text("chair_user_id").references(() => users.id),
  minuteTaker: text("minute_taker").notNull(),
  attendees: text("attendees", { mode: "json" }).$type<string[]>().notNull(),
  agenda: text("agenda", { mode: "json" }).$type<string[]>().notNull(),
  minutes: text("minutes").notNull().default(""),
  outcomes: text("outcomes", { mode: "json" }).$type<string[]>().notNull(),
  suspendedReason: text("suspended_reason"),
  resumeOn: text("resume_on"),
  unionConfirmedBy: text("union_confirmed_by").references(() => users.id),
  enterpriseConfirmedBy: text("enterprise_confirmed_by").references(() => users.id),
  unionConfirmedAt: integer("union_confirmed_at"),
  enterpriseConfirmedAt: integer("enterprise_confirmed_at"),
  recordedBy: text("recorded_by").references(() => users.id),
  updatedAt: integer("updated_at"),
  createdAt: createdAt(),
});

/** Immutable saved versions: canonical content and its SHA-256. No code path updates or deletes one. */
export const versions = sqliteTable(
  "versions",
  {
    id: text("id").primaryKey(),
    negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
    seq: integer("seq").notNull(),
    label: text("label").notNull(),
    note: text("note").notNull().default(""),
    side: text("side", { enum: ["union", "enterprise", "observer"] }).notNull(),
    kind: text("kind", { enum: ["manual", "milestone", "seed"] }).notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
    content: text("content").notNull(),
    contentHash: text("content_hash").notNull(),
  },
  (t) => [uniqueIndex("versions_negotiation_seq_idx").on(t.negotiationId, t.seq)],
);

/** 职代会 / 职工大会 vote on the final draft. */
export const ratifications = sqliteTable("ratifications", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  versionId: text("version_id").notNull().references(() => versions.id),
  body: text("body", { enum: ["congress", "assembly"] }).notNull(),
  total: integer("total").notNull(),
  attended: integer("attended").notNull(),
  approved: integer("approved").notNull(),
  against: integer("against").notNull(),
  abstained: integer("abstained").notNull(),
  heldOn: text("held_on").notNull(),
  resolutionNo: text("resolution_no").notNull(),
  valid: integer("valid", { mode: "boolean" }).notNull(),
  recordedBy: text("recorded_by").references(() => users.id),
  createdAt: createdAt(),
});

export const signOffs = sqliteTable("sign_offs", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  versionId: text("version_id").notNull().references(() => versions.id),
  userId: text("user_id").notNull().references(() => users.id),
  side: text("side", { enum: ["union", "enterprise", "participant"] }).notNull(),
  capacity: text("capacity").notNull(),
  delegationId: text("delegation_id").references(() => delegations.id),
  contentHash: text("content_hash").notNull(),
  signedAt: integer("signed_at").notNull(),
});

/**
 * Append-only, hash-chained audit log: one chain per negotiation (and one for system events,
 * negotiation_id NULL). Each row holds the previous row's hash and the SHA-256 of its own
 * canonical content, so `npm run verify` can name the first tampered entry.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    negotiationId: text("negotiation_id"),
    at: integer("at").notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    detail: text("detail").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_negotiation_idx").on(t.negotiationId, t.id)],
);

/** Every accepted Yjs update, appended before it is relayed; folded into doc_states by compaction. */
export const docUpdates = sqliteTable(
  "doc_updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
    /** Which document of the negotiation: `live`, or a side's private draft (shared/collab/documentName.ts). */
    draft: text("draft", { enum: ["live", "union", "enterprise"] }).notNull().default("live"),
    update: blob("update", { mode: "buffer" }).notNull(),
    userId: text("user_id"),
    origin: text("origin").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("doc_updates_negotiation_idx").on(t.negotiationId, t.draft, t.id)],
);

/**
 * Minimum-wage rounds (issue 13): loaded from shared/evidence/floors.json at start, added by an
 * administrator after. Insert-only: a round of an area and effective date is never overwritten.
 * Money in fen (分) so that 22.4 元 is stored exactly.
 */
export const minimumWageRounds = sqliteTable(
  "minimum_wage_rounds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    area: text("area").notNull(),
    monthlyFen: integer("monthly_fen").notNull(),
    hourlyFen: integer("hourly_fen").notNull(),
    effectiveFrom: text("effective_from").notNull(),
    /** The document and issuer, e.g. 内蒙古自治区人民政府办公厅《关于调整自治区最低工资标准的通知》. */
    source: text("source").notNull(),
    confirmed: integer("confirmed", { mode: "boolean" }).notNull().default(false),
    origin: text("origin", { enum: ["dataset", "admin"] }).notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("minimum_wage_rounds_area_date_idx").on(t.area, t.effectiveFrom)],
);

/**
 * Which user first wrote under each Yjs client id of a live document (SPEC C-13), so the claim
 * outlives the document's unload and a restart: nobody else may extend that id's clocks later.
 * Keyed by the document's name (a negotiation id), one row per client id ever written.
 */
export const docWriters = sqliteTable(
  "doc_writers",
  {
    document: text("document").notNull(),
    clientId: integer("client_id").notNull(),
    userId: text("user_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.document, t.clientId] })],
);

/** The compacted Yjs state of a negotiation's live draft and of each side's private draft. */
export const docStates = sqliteTable(
  "doc_states",
  {
    negotiationId: text("negotiation_id")
      .notNull()
      .references(() => negotiations.id),
    draft: text("draft", { enum: ["live", "union", "enterprise"] }).notNull().default("live"),
    state: blob("state", { mode: "buffer" }).notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.negotiationId, t.draft] })],
);

/**
 * 内部草案: one side's private draft of a negotiation — what it was copied from (the base its
 * changes are measured against when tabled, with clause positions) and the chief's setting
 * whether representatives may table it. The private text itself lives in doc_states/doc_updates.
 */
export const caucusDrafts = sqliteTable(
  "caucus_drafts",
  {
    negotiationId: text("negotiation_id")
      .notNull()
      .references(() => negotiations.id),
    side: text("side", { enum: ["union", "enterprise"] }).notNull(),
    /** JSON DraftSnapshot (shared/rounds/draftSnapshot.ts); null until the draft is first opened. */
    baseContent: text("base_content"),
    baseHash: text("base_hash"),
    /** The round the base was taken after (null: a copy of the live draft before any round of this side). */
    baseRound: integer("base_round"),
    copiedAt: integer("copied_at"),
    copiedBy: text("copied_by").references(() => users.id),
    representativesMayTable: integer("representatives_may_table", { mode: "boolean" }).notNull().default(false),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.negotiationId, t.side] })],
);

/** 提交本方方案: each tabled round — the version saved for it and the clauses it changed. Insert-only. */
export const rounds = sqliteTable(
  "rounds",
  {
    id: text("id").primaryKey(),
    negotiationId: text("negotiation_id")
      .notNull()
      .references(() => negotiations.id),
    round: integer("round").notNull(),
    side: text("side", { enum: ["union", "enterprise"] }).notNull(),
    versionId: text("version_id")
      .notNull()
      .references(() => versions.id),
    tabledBy: text("tabled_by")
      .notNull()
      .references(() => users.id),
    tabledAt: integer("tabled_at").notNull(),
    /** Ids of the clauses this round changed in the live draft (JSON array): the per-clause history lists it. */
    changedClauses: text("changed_clauses", { mode: "json" }).$type<string[]>().notNull(),
  },
  (t) => [uniqueIndex("rounds_negotiation_round_idx").on(t.negotiationId, t.round)],
);
