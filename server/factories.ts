import type { Driver } from "~/db/driver";
import { appendAudit } from "~/db/audit";
import type { VersionRow } from "~/db/queries/versions";
import { delegations, organisations, participants, users } from "~/db/schema";
import type { AgreementContent, Clause } from "~/shared/agreement";
import type { Role, Side } from "~/shared/roles";
import { hashPassword } from "./auth/password";
import type { CollabService } from "./collab/service";
import type { DelegationInput } from "./commands/delegationRegistrar";
import { startNegotiation, type NegotiationStart } from "./commands/negotiationStarter";
import { saveVersion, type VersionInput } from "./commands/versionSaver";
import { newId } from "./ids";

/**
 * Data factories: the one way records are made outside a user's request, shared by the demo seed
 * (server/seed.ts) and the tests (docs/style.md, Epic Stack: "seed data and tests build records
 * with the same factory functions"). Each writes through the driver (a `driver.write` nested in
 * the caller's joins it, so the seed keeps its few transactions) and returns what it made, so a
 * test takes "the clause" from the return value instead of knowing the demo's ids.
 */

export type OrganisationSpec = typeof organisations.$inferInsert;

/** Organisations, parents before children (the rows reference their parent). */
export async function makeOrganisations(driver: Driver, specs: readonly OrganisationSpec[]): Promise<string[]> {
  await driver.write(async (tx) => {
    await tx.insert(organisations).values([...specs]);
  });
  return specs.map((spec) => spec.id);
}

export interface AccountSpec {
  username: string;
  displayName: string;
  organisationId: string | null;
  isAdmin?: boolean;
}

/** Accounts that sign in with `password` (hashed once for all: argon2id is slow on purpose); username → user id. */
export async function makeAccounts(driver: Driver, specs: readonly AccountSpec[], password: string): Promise<Record<string, string>> {
  const passwordHash = await hashPassword(password);
  const ids = Object.fromEntries(specs.map((spec) => [spec.username, newId("u")]));
  await driver.write(async (tx) => {
    await tx.insert(users).values(
      specs.map((spec) => ({ id: ids[spec.username], username: spec.username, displayName: spec.displayName, passwordHash, organisationId: spec.organisationId, isAdmin: spec.isAdmin ?? false })),
    );
  });
  return ids;
}

export interface SeatSpec {
  userId: string;
  side: Side;
  role: Role;
  outsideExpert?: boolean;
}

/** Seats at a negotiation's table, added by `addedBy`; user id → participant id. */
export async function makeSeats(driver: Driver, negotiationId: string, seats: readonly SeatSpec[], addedBy: string): Promise<Record<string, string>> {
  const ids = Object.fromEntries(seats.map((seat) => [seat.userId, newId("p")]));
  await driver.write(async (tx) => {
    for (const seat of seats) {
      await tx.insert(participants).values({ id: ids[seat.userId], negotiationId, userId: seat.userId, side: seat.side, role: seat.role, outsideExpert: seat.outsideExpert ?? false, addedBy });
    }
  });
  return ids;
}

/** Clauses for a draft: ids made when not given, topic 总则 unless told, so a test writes only what it means. */
export function makeClauses(specs: readonly Partial<Clause>[]): Clause[] {
  return specs.map((spec) => ({ id: spec.id ?? newId("c"), topic: spec.topic ?? "general", title: spec.title ?? "", body: spec.body ?? "" }));
}

export interface NegotiationSpec extends Omit<NegotiationStart, "creatorSide" | "creatorRole" | "draftOrigin"> {
  /** The starter's seat (the union's chief unless told). */
  creatorSide?: Side;
  creatorRole?: Role;
  draftOrigin?: NegotiationStart["draftOrigin"];
}

export interface MadeNegotiation {
  id: string;
  /** The live draft's clauses in document order, as written into its Yjs document. */
  clauses: Clause[];
}

/**
 * A negotiation started by `creatorId` through the one starting command (要约: its row, the
 * starter's seat, the audit entry, and the draft's Yjs state through the collaboration pipeline).
 */
export async function makeNegotiation(ctx: { driver: Driver; collab: CollabService }, creatorId: string, spec: NegotiationSpec): Promise<MadeNegotiation> {
  const id = await startNegotiation(ctx, { userId: creatorId }, { creatorSide: "union", creatorRole: "chief", draftOrigin: "seed", ...spec });
  return { id, clauses: spec.draft.clauses.map((clause) => ({ ...clause })) };
}

/** A fresh agreement with the given clauses (see makeClauses), for a negotiation a test starts. */
export function makeDraft(title: string, clauses: readonly Partial<Clause>[]): AgreementContent {
  return { title, clauses: makeClauses(clauses) };
}

/** A saved, immutable version with its audit entry (saveVersion, the one way a version is stored). */
export function makeVersion(driver: Driver, input: VersionInput): Promise<VersionRow> {
  return driver.write((tx) => saveVersion(tx, input));
}

export interface DelegationSpec extends DelegationInput {
  id?: string;
  negotiationId: string;
  registeredBy: string;
}

/** A registered 委托书 with its audit entry; returns its id. */
export async function makeDelegation(driver: Driver, spec: DelegationSpec): Promise<string> {
  const id = spec.id ?? newId("dlg");
  await driver.write(async (tx) => {
    await tx.insert(delegations).values({ ...spec, id });
    await appendAudit(tx, { negotiationId: spec.negotiationId, actorId: spec.registeredBy, action: "delegation.registered", detail: { delegationId: id, letterNo: spec.letterNo } });
  });
  return id;
}
