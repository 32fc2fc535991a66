import { sql } from "drizzle-orm";
import { bigint, boolean, customType, index, pgTable, primaryKey, bigserial, text, uniqueIndex } from "drizzle-orm/pg-core";

/*
 * The PostgreSQL twin of db/schema.ts (ADR 026): same tables, JS keys, SQL names, indexes and
 * defaults, checked equal by db/schemaParity.test.ts. It exists for drizzle-kit (db/migrations-pg)
 * and the parity test; queries keep importing db/schema.ts, whose tables node-postgres runs as
 * they are. Type mapping: ms timestamps and other SQLite integers → bigint (mode number; int8 is
 * parsed as a JS number by db/driver.pg.ts), boolean-mode integers → boolean, autoincrement ids →
 * bigserial, blobs → bytea, JSON text → text (the SQLite column objects stringify and parse).
 */

/** bytea read and written as a Buffer, like SQLite's blob({ mode: "buffer" }). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/*
 * The whole data model, designed up front for the procedure in domain.md: organisations and the
 * union tree, accounts and sessions, negotiations with their participants and delegations, the
 * clause workflow (status, tentative agreements, comments, caucus notes, meetings), immutable
 * versions, ratification, sign-offs, the hash-chained audit log and the Yjs update log.
 * Times are epoch milliseconds; calendar dates (statutory clocks) are 'YYYY-MM-DD' strings.
 */

const createdAt = () => bigint("created_at", { mode: "number" }).notNull().default(sql`((extract(epoch from now()) * 1000)::bigint)`);

/** Unions (with their level in the hierarchy), enterprises, unorganised workers' assemblies and authorities (labour administration). */
export const organisations = pgTable("organisations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind", { enum: ["union", "enterprise", "assembly", "authority"] }).notNull(),
  level: text("level").notNull(),
  parentId: text("parent_id"),
  createdAt: createdAt(),
});

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  organisationId: text("organisation_id").references(() => organisations.id),
  isAdmin: boolean("is_admin").notNull().default(false),
  disabledAt: bigint("disabled_at", { mode: "number" }),
  createdAt: createdAt(),
});

/** Server-side sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id),
    createdAt: createdAt(),
    expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
    revokedAt: bigint("revoked_at", { mode: "number" }),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Failed sign-ins, counted per account and per address for rate limiting. */
export const loginFailures = pgTable(
  "login_failures",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    username: text("username").notNull(),
    address: text("address").notNull(),
    at: bigint("at", { mode: "number" }).notNull(),
  },
  (t) => [index("login_failures_username_idx").on(t.username, t.at), index("login_failures_address_idx").on(t.address, t.at)],
);

export const negotiations = pgTable("negotiations", {
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
  lockedAt: bigint("locked_at", { mode: "number" }),
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
  coverageEnterprises: bigint("coverage_enterprises", { mode: "number" }),
  coverageWorkers: bigint("coverage_workers", { mode: "number" }),
  /** The last consultation on platform labour rules and algorithms (2026 guidance: at least once a year). */
  algorithmConsultedOn: text("algorithm_consulted_on"),
  /** The labour administration the agreement was filed with (报送审查). */
  filedWithOrgId: text("filed_with_org_id").references(() => organisations.id),
  /** Clauses in the live draft, kept by the clause watcher so the ledger counts progress in SQL. */
  clauseCount: bigint("clause_count", { mode: "number" }).notNull().default(0),
}, (t) => [
  index("negotiations_union_org_idx").on(t.unionOrgId),
  index("negotiations_higher_union_org_idx").on(t.higherUnionOrgId),
  index("negotiations_enterprise_org_idx").on(t.enterpriseOrgId),
]);

export const participants = pgTable(
  "participants",
  {
    id: text("id").primaryKey(),
    negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
    userId: text("user_id").notNull().references(() => users.id),
    side: text("side", { enum: ["union", "enterprise", "observer"] }).notNull(),
    role: text("role", { enum: ["chief", "representative", "legal_adviser", "higher_union", "observer"] }).notNull(),
    outsideExpert: boolean("outside_expert").notNull().default(false),
    addedBy: text("added_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("participants_negotiation_user_idx").on(t.negotiationId, t.userId)],
);

/** One-time invitations; the link carries a random token, the table only its SHA-256. */
export const invites = pgTable("invites", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  side: text("side", { enum: ["union", "enterprise", "observer"] }).notNull(),
  role: text("role", { enum: ["chief", "representative", "legal_adviser", "higher_union", "observer"] }).notNull(),
  createdBy: text("created_by").notNull().references(() => users.id),
  createdAt: createdAt(),
  expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
  usedAt: bigint("used_at", { mode: "number" }),
  usedBy: text("used_by").references(() => users.id),
});

/** 委托: a delegation of bargaining/signing (上代下) or participation (上参下) to a higher-level union. */
export const delegations = pgTable("delegations", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  kind: text("kind", { enum: ["represent", "participate"] }).notNull(),
  fromOrgId: text("from_org_id").notNull().references(() => organisations.id),
  toOrgId: text("to_org_id").notNull().references(() => organisations.id),
  letterNo: text("letter_no").notNull(),
  validFrom: text("valid_from").notNull(),
  validTo: text("valid_to").notNull(),
  scan: bytea("scan"),
  scanMime: text("scan_mime"),
  registeredBy: text("registered_by").references(() => users.id),
  createdAt: createdAt(),
  revokedAt: bigint("revoked_at", { mode: "number" }),
  revokedBy: text("revoked_by").references(() => users.id),
  revokeReason: text("revoke_reason"),
});

/** Workflow status of each clause; the clause text itself lives in the Yjs document. */
export const clauseStates = pgTable(
  "clause_states",
  {
    negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
    clauseId: text("clause_id").notNull(),
    status: text("status", { enum: ["proposed", "negotiating", "agreed", "parked", "withdrawn"] }).notNull(),
    proposedBySide: text("proposed_by_side", { enum: ["union", "enterprise"] }),
    updatedBy: text("updated_by").references(() => users.id),
    updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.negotiationId, t.clauseId] })],
);

/** 暂定一致: both chiefs confirm the exact text, bound by its SHA-256; any later edit voids it. */
export const tentativeAgreements = pgTable("tentative_agreements", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  clauseId: text("clause_id").notNull(),
  contentHash: text("content_hash").notNull(),
  /** The exact text bound, so a voided agreement can show what changed since. */
  agreedTitle: text("agreed_title").notNull().default(""),
  agreedBody: text("agreed_body").notNull().default(""),
  unionConfirmedBy: text("union_confirmed_by").references(() => users.id),
  unionConfirmedAt: bigint("union_confirmed_at", { mode: "number" }),
  enterpriseConfirmedBy: text("enterprise_confirmed_by").references(() => users.id),
  enterpriseConfirmedAt: bigint("enterprise_confirmed_at", { mode: "number" }),
  voidedAt: bigint("voided_at", { mode: "number" }),
  voidReason: text("void_reason"),
  createdAt: createdAt(),
}, (t) => [
  // The ledger counts each negotiation's clauses at 暂定一致 from this partial index alone (docs/SPEC.md L-4).
  index("tentative_agreements_agreed_idx")
    .on(t.negotiationId)
    .where(sql`voided_at IS NULL AND union_confirmed_at IS NOT NULL AND enterprise_confirmed_at IS NOT NULL`),
]);

export const comments = pgTable("comments", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  clauseId: text("clause_id"),
  parentId: text("parent_id"),
  authorId: text("author_id").notNull().references(() => users.id),
  body: text("body").notNull(),
  /** The participants the body @mentions (user ids), parsed against the participant list when posted. */
  mentions: text("mentions").$type<string[]>().notNull().default(sql`'[]'`),
  resolvedAt: bigint("resolved_at", { mode: "number" }),
  resolvedBy: text("resolved_by").references(() => users.id),
  createdAt: createdAt(),
});

/** Private notes of one side; never served to the other side or to observers. */
export const caucusNotes = pgTable("caucus_notes", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  clauseId: text("clause_id"),
  side: text("side", { enum: ["union", "enterprise"] }).notNull(),
  authorId: text("author_id").notNull().references(() => users.id),
  body: text("body").notNull(),
  createdAt: createdAt(),
});

/** 协商会议: one bargaining session with its minutes, confirmed by both chiefs. */
export const meetings = pgTable("meetings", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  heldOn: text("held_on").notNull(),
  place: text("place").notNull(),
  chairUserId: text("chair_user_id").references(() => users.id),
  minuteTaker: text("minute_taker").notNull(),
  attendees: text("attendees").$type<string[]>().notNull(),
  agenda: text("agenda").$type<string[]>().notNull(),
  minutes: text("minutes").notNull().default(""),
  outcomes: text("outcomes").$type<string[]>().notNull(),
  suspendedReason: text("suspended_reason"),
  resumeOn: text("resume_on"),
  unionConfirmedBy: text("union_confirmed_by").references(() => users.id),
  enterpriseConfirmedBy: text("enterprise_confirmed_by").references(() => users.id),
  unionConfirmedAt: bigint("union_confirmed_at", { mode: "number" }),
  enterpriseConfirmedAt: bigint("enterprise_confirmed_at", { mode: "number" }),
  recordedBy: text("recorded_by").references(() => users.id),
  updatedAt: bigint("updated_at", { mode: "number" }),
  createdAt: createdAt(),
});

/** Immutable saved versions: canonical content and its SHA-256. No code path updates or deletes one. */
export const versions = pgTable(
  "versions",
  {
    id: text("id").primaryKey(),
    negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
    seq: bigint("seq", { mode: "number" }).notNull(),
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
export const ratifications = pgTable("ratifications", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  versionId: text("version_id").notNull().references(() => versions.id),
  body: text("body", { enum: ["congress", "assembly"] }).notNull(),
  total: bigint("total", { mode: "number" }).notNull(),
  attended: bigint("attended", { mode: "number" }).notNull(),
  approved: bigint("approved", { mode: "number" }).notNull(),
  against: bigint("against", { mode: "number" }).notNull(),
  abstained: bigint("abstained", { mode: "number" }).notNull(),
  heldOn: text("held_on").notNull(),
  resolutionNo: text("resolution_no").notNull(),
  valid: boolean("valid").notNull(),
  recordedBy: text("recorded_by").references(() => users.id),
  createdAt: createdAt(),
});

export const signOffs = pgTable("sign_offs", {
  id: text("id").primaryKey(),
  negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
  versionId: text("version_id").notNull().references(() => versions.id),
  userId: text("user_id").notNull().references(() => users.id),
  side: text("side", { enum: ["union", "enterprise", "participant"] }).notNull(),
  capacity: text("capacity").notNull(),
  delegationId: text("delegation_id").references(() => delegations.id),
  contentHash: text("content_hash").notNull(),
  signedAt: bigint("signed_at", { mode: "number" }).notNull(),
});

/**
 * Append-only, hash-chained audit log: one chain per negotiation (and one for system events,
 * negotiation_id NULL). Each row holds the previous row's hash and the SHA-256 of its own
 * canonical content, so `npm run verify` can name the first tampered entry.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    negotiationId: text("negotiation_id"),
    at: bigint("at", { mode: "number" }).notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    detail: text("detail").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_negotiation_idx").on(t.negotiationId, t.id)],
);

/** Every accepted Yjs update, appended before it is relayed; folded into doc_states by compaction. */
export const docUpdates = pgTable(
  "doc_updates",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    negotiationId: text("negotiation_id").notNull().references(() => negotiations.id),
    /** Which document of the negotiation: `live`, or a side's private draft (shared/collab/documentName.ts). */
    draft: text("draft", { enum: ["live", "union", "enterprise"] }).notNull().default("live"),
    update: bytea("update").notNull(),
    userId: text("user_id"),
    origin: text("origin").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("doc_updates_negotiation_idx").on(t.negotiationId, t.draft, t.id)],
);

/**
 * Minimum-wage rounds (issue 13): loaded from shared/evidence/floors.json at start, added by an
 * administrator after. Insert-only: a round of an area and effective date is never overwritten.
 * Money in fen (分) so that 22.4 元 is stored exactly.
 */
export const minimumWageRounds = pgTable(
  "minimum_wage_rounds",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    area: text("area").notNull(),
    monthlyFen: bigint("monthly_fen", { mode: "number" }).notNull(),
    hourlyFen: bigint("hourly_fen", { mode: "number" }).notNull(),
    effectiveFrom: text("effective_from").notNull(),
    /** The document and issuer, e.g. 内蒙古自治区人民政府办公厅《关于调整自治区最低工资标准的通知》. */
    source: text("source").notNull(),
    confirmed: boolean("confirmed").notNull().default(false),
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
export const docWriters = pgTable(
  "doc_writers",
  {
    document: text("document").notNull(),
    clientId: bigint("client_id", { mode: "number" }).notNull(),
    userId: text("user_id").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.document, t.clientId] })],
);

/** The compacted Yjs state of a negotiation's live draft and of each side's private draft. */
export const docStates = pgTable(
  "doc_states",
  {
    negotiationId: text("negotiation_id")
      .notNull()
      .references(() => negotiations.id),
    draft: text("draft", { enum: ["live", "union", "enterprise"] }).notNull().default("live"),
    state: bytea("state").notNull(),
    updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.negotiationId, t.draft] })],
);

/**
 * 内部草案: one side's private draft of a negotiation — what it was copied from (the base its
 * changes are measured against when tabled, with clause positions) and the chief's setting
 * whether representatives may table it. The private text itself lives in doc_states/doc_updates.
 */
export const caucusDrafts = pgTable(
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
    baseRound: bigint("base_round", { mode: "number" }),
    copiedAt: bigint("copied_at", { mode: "number" }),
    copiedBy: text("copied_by").references(() => users.id),
    representativesMayTable: boolean("representatives_may_table").notNull().default(false),
    updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.negotiationId, t.side] })],
);

/** 提交本方方案: each tabled round — the version saved for it and the clauses it changed. Insert-only. */
export const rounds = pgTable(
  "rounds",
  {
    id: text("id").primaryKey(),
    negotiationId: text("negotiation_id")
      .notNull()
      .references(() => negotiations.id),
    round: bigint("round", { mode: "number" }).notNull(),
    side: text("side", { enum: ["union", "enterprise"] }).notNull(),
    versionId: text("version_id")
      .notNull()
      .references(() => versions.id),
    tabledBy: text("tabled_by")
      .notNull()
      .references(() => users.id),
    tabledAt: bigint("tabled_at", { mode: "number" }).notNull(),
    /** Ids of the clauses this round changed in the live draft (JSON array): the per-clause history lists it. */
    changedClauses: text("changed_clauses").$type<string[]>().notNull(),
  },
  (t) => [uniqueIndex("rounds_negotiation_round_idx").on(t.negotiationId, t.round)],
);
