/**
 * Who gets past each route's guard: the expected allow/deny table of the authorisation matrix
 * (tests/security/routeAccess.test.ts), kept beside the policy module it summarises. Keys are
 * Remix route ids of the build; `websocket` is the collaboration endpoint. Principals are the demo
 * accounts of the contract and `anonymous` (signed out). A new route without an entry fails the
 * test: decide who may reach it here, in the same commit.
 *
 * "Allowed" means the guard let the request through (it may still be refused further on: an
 * action with an empty form answers 400, and what each intent needs is `can()`'s business,
 * tested in server/policies/*.test.ts). "Denied" is 401, 403 or a redirect to sign-in.
 */
export const PRINCIPALS = [
  "anonymous",
  "union.chief",
  "union.rep",
  "union.legal",
  "city.union",
  "platform.chief",
  "platform.rep",
  "observer",
  "outsider",
  "admin",
  "region.union",
] as const;
export type Principal = (typeof PRINCIPALS)[number];
export type RouteMethod = "loader" | "action";

const EVERYONE: readonly Principal[] = PRINCIPALS;
const SIGNED_IN: readonly Principal[] = PRINCIPALS.filter((p) => p !== "anonymous");
/** Everyone seated in the demo negotiation, read-only members included. */
const PARTICIPANTS: readonly Principal[] = ["union.chief", "union.rep", "union.legal", "city.union", "platform.chief", "platform.rep", "observer"];
const ADMIN: readonly Principal[] = ["admin"];
/** Participants who may comment: everyone seated but the observer (`comment`). */
const SPEAKERS: readonly Principal[] = PARTICIPANTS.filter((p) => p !== "observer");
/** Editing roles: chiefs, representatives, the higher-level union (`edit`, `saveVersion`). */
const EDITORS: readonly Principal[] = ["union.chief", "union.rep", "city.union", "platform.chief", "platform.rep"];
/** Chiefs and the higher-level union (`invite`, `manageParticipants`; delegations are registered by them too). */
const SEAT_MANAGERS: readonly Principal[] = ["union.chief", "city.union", "platform.chief"];

/** Members of a bargaining side (not the observer): each reaches its own side's private draft (R-3). */
const SIDE_MEMBERS: readonly Principal[] = PARTICIPANTS.filter((p) => p !== "observer");

/** Members of a union or an enterprise: those who may make a 要约 (`canStartNegotiation`). */
const STARTERS: readonly Principal[] = ["union.chief", "union.rep", "union.legal", "city.union", "platform.chief", "platform.rep", "outsider", "region.union"];
/** Members of a union, an enterprise or the labour administration: those with a ledger (server/policies/ledger.ts). */
const LEDGER_HOLDERS: readonly Principal[] = [...STARTERS, "observer"];
/** Who keeps the coverage figures: the chiefs and the higher-level union (the `updateCoverage` rule). */
const COVERAGE_KEEPERS: readonly Principal[] = ["union.chief", "city.union", "platform.chief"];

type Entry = Partial<Record<RouteMethod, readonly Principal[]>>;

export const ROUTE_ACCESS: Record<string, Entry> = {
  websocket: { loader: PARTICIPANTS },
  "routes/_index": { loader: SIGNED_IN },
  "routes/login": { loader: EVERYONE, action: EVERYONE },
  "routes/logout": { loader: EVERYONE, action: EVERYONE },
  "routes/language": { loader: EVERYONE, action: EVERYONE },
  "routes/favicon[.]ico": { loader: EVERYONE },
  "routes/invite.$token": { loader: SIGNED_IN, action: SIGNED_IN },
  "routes/admin._index": { loader: ADMIN },
  "routes/admin.accounts": { loader: ADMIN, action: ADMIN },
  "routes/admin.organisations": { loader: ADMIN, action: ADMIN },
  "routes/api.negotiations": { loader: SIGNED_IN },
  "routes/negotiations._index": { loader: SIGNED_IN },
  // 要约: members of a bargaining party (a union or an enterprise); not the admin nor the labour administration.
  "routes/negotiations.new": { loader: STARTERS, action: STARTERS },
  "routes/negotiations.$id._index": { loader: PARTICIPANTS },
  "routes/negotiations.$id.events": { loader: PARTICIPANTS },
  // GET is 405 for everyone (a POST-only endpoint); its action admits participants, each intent then asks can().
  "routes/negotiations.$id.clauses.$clauseId": { loader: EVERYONE, action: PARTICIPANTS },
  "routes/negotiations.$id.clauses.$clauseId_.history": { loader: PARTICIPANTS },
  // POST-only; in the demo (the union made the 要约) only the enterprise chief answers it.
  "routes/negotiations.$id.answer": { loader: EVERYONE, action: ["platform.chief"] },
  "routes/negotiations.$id.versions": { loader: PARTICIPANTS, action: EDITORS },
  "routes/api.negotiations_.$id.versions": { loader: PARTICIPANTS },
  "routes/negotiations.$id.versions_.$versionId.export[.]json": { loader: PARTICIPANTS },
  "routes/negotiations.$id.versions_.$versionId.export[.]docx": { loader: PARTICIPANTS },
  "routes/negotiations.$id.versions_.$versionId.export[.]pdf": { loader: PARTICIPANTS },
  "routes/negotiations.$id.compare": { loader: PARTICIPANTS },
  "routes/negotiations.$id.compare[.]json": { loader: PARTICIPANTS },
  "routes/negotiations.$id.compare[.]docx": { loader: PARTICIPANTS },
  "routes/negotiations.$id.export": { loader: PARTICIPANTS },
  "routes/negotiations.$id.export[.]json": { loader: PARTICIPANTS },
  "routes/negotiations.$id.export[.]docx": { loader: PARTICIPANTS },
  "routes/negotiations.$id.export[.]pdf": { loader: PARTICIPANTS },
  "routes/negotiations.$id.export[.]md": { loader: PARTICIPANTS },
  "routes/negotiations.$id.filing[.]zip": { loader: PARTICIPANTS },
  "routes/negotiations.$id.participants": { loader: PARTICIPANTS, action: SEAT_MANAGERS },
  "routes/negotiations.$id.delegations": { loader: PARTICIPANTS, action: SEAT_MANAGERS },
  "routes/negotiations.$id.delegations_.$delegationId.scan": { loader: PARTICIPANTS },
  "routes/negotiations.$id.discussion": { loader: PARTICIPANTS, action: SPEAKERS },
  "routes/negotiations.$id.meetings": { loader: PARTICIPANTS, action: PARTICIPANTS },
  "routes/negotiations.$id.sign": { loader: PARTICIPANTS, action: PARTICIPANTS },
  "routes/negotiations.$id.record": { loader: PARTICIPANTS },
  // Evidence (issue 13): the same access as export.json; the wage area is a chief's choice (`setWageArea`).
  "routes/api.minimum-wages": { loader: SIGNED_IN },
  "routes/admin.minimum-wages": { loader: ADMIN, action: ADMIN },
  "routes/negotiations.$id.evidence[.]json": { loader: PARTICIPANTS },
  "routes/negotiations.$id.impact[.]json": { loader: PARTICIPANTS },
  "routes/negotiations.$id.wage-area": { loader: EVERYONE, action: ["union.chief", "platform.chief"] },
  "routes/negotiations.$id.coverage": { loader: PARTICIPANTS, action: COVERAGE_KEEPERS },
  // 台账: anyone whose organisation is a union, an enterprise or the labour administration; never the admin.
  "routes/ledger": { loader: LEDGER_HOLDERS },
  "routes/api.ledger": { loader: LEDGER_HOLDERS },
  "routes/ledger[.]xlsx": { loader: LEDGER_HOLDERS },
  // Without period and on the report answers 400: admitted past the guard, stopped at validation.
  "routes/ledger_.report[.]xlsx": { loader: LEDGER_HOLDERS },
  "routes/ledger_.report[.]pdf": { loader: LEDGER_HOLDERS },
  // 内部草案: the page always shows the member's own side's draft; reset and the tabling setting are the chief's (the `manageCaucusDraft` rule).
  "routes/negotiations.$id.caucus": { loader: SIDE_MEMBERS, action: SIDE_MEMBERS },
  // POST-only; the guard admits participants, the command asks the `tableRound` rule (an empty form stops at validation).
  "routes/negotiations.$id.rounds": { loader: EVERYONE, action: PARTICIPANTS },
  "routes/api.negotiations_.$id.rounds": { loader: PARTICIPANTS },
};

/** Whether `principal` is expected past the guard of `routeId`'s `method`; undefined when the table has no entry. */
export function allowedFor(routeId: string, method: RouteMethod, principal: Principal): boolean | undefined {
  const allowed = ROUTE_ACCESS[routeId]?.[method];
  return allowed === undefined ? undefined : allowed.includes(principal);
}
