import type { Db } from "~/db/client";
import { appendAudit } from "~/db/audit";
import { eq } from "drizzle-orm";
import { negotiations, participants, users } from "~/db/schema";
import type { AgreementContent } from "~/shared/agreement";
import { applyAgreement } from "~/shared/collab/docShape";
import type { Mode, Role, Scope, Side } from "~/shared/roles";
import { newId } from "../ids";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";
import { personFitsSeat } from "./participantInviter";

export interface NegotiationStart {
  id?: string;
  title: string;
  scope: Scope;
  region: string;
  industry: string;
  mode: Mode;
  unionOrgId: string;
  enterpriseOrgId: string;
  higherUnionOrgId: string | null;
  proposedBySide: "union" | "enterprise";
  proposedOn: string;
  /** The starter's own seat at the table. */
  creatorSide: Side;
  creatorRole: Role;
  draft: AgreementContent;
  draftOrigin: "blank" | "import" | "seed";
  /** The minimum-wage area of the clause checks (issue 13); the column's default (内蒙古·一类) when omitted. */
  minimumWageArea?: string;
}

/**
 * 要约: records a new negotiation with its starter as a participant, and writes the initial
 * draft into its Yjs document through the collaboration pipeline (stored like any edit). The
 * seed starts the demonstration negotiation through it too (no events to publish then).
 */
export async function startNegotiation(ctx: Pick<CommandContext, "driver" | "collab">, actor: Pick<Actor, "userId">, input: NegotiationStart): Promise<string> {
  const { driver, collab } = ctx;
  const createdBy = actor.userId;
  const id = input.id ?? newId("n");
  await driver.write(async (tx) => {
    await tx
      .insert(negotiations)
      .values({
        id,
        title: input.title,
        scope: input.scope,
        region: input.region,
        industry: input.industry,
        mode: input.mode,
        unionOrgId: input.unionOrgId,
        enterpriseOrgId: input.enterpriseOrgId,
        higherUnionOrgId: input.higherUnionOrgId,
        proposedBySide: input.proposedBySide,
        proposedOn: input.proposedOn,
        status: "proposed",
        ...(input.minimumWageArea ? { minimumWageArea: input.minimumWageArea } : {}),
        createdBy,
      });
    await tx
      .insert(participants)
      .values({ id: newId("p"), negotiationId: id, userId: createdBy, side: input.creatorSide, role: input.creatorRole, addedBy: createdBy });
    await appendAudit(tx, {
      negotiationId: id,
      actorId: createdBy,
      action: "negotiation.started",
      detail: { title: input.title, mode: input.mode, scope: input.scope, proposedOn: input.proposedOn, draft: input.draftOrigin, clauses: input.draft.clauses.length, ...(input.minimumWageArea ? { minimumWageArea: input.minimumWageArea } : {}) },
    });
  });
  await collab.change(id, { userId: createdBy, label: input.draftOrigin }, (doc) => applyAgreement(doc, input.draft, null));
  return id;
}

/** The form fields the starter's seat is chosen in, for field-level errors. */
const STARTER_SEAT_FIELDS: Record<string, string> = { side: "creatorSide", role: "creatorRole" };

/**
 * The starter's own seat by the rule every invitation keeps (`personFitsSeat`; 集体合同规定第二十四条:
 * nobody on both sides; the higher-level union's seat for someone of that union): a union member
 * cannot start a negotiation seated as the enterprise's chief (docs/SPEC.md X-3).
 */
export async function checkStarterSeat(db: Db, input: Pick<NegotiationStart, "unionOrgId" | "higherUnionOrgId" | "creatorSide" | "creatorRole">, organisationId: string | null): Promise<CommandResult> {
  const fits = await personFitsSeat(db, { unionOrgId: input.unionOrgId, higherUnionOrgId: input.higherUnionOrgId }, { side: input.creatorSide, role: input.creatorRole }, organisationId);
  if (fits.ok) return fits;
  return refuse(fits.code, fits.text, STARTER_SEAT_FIELDS[fits.field ?? "side"] ?? "creatorSide");
}

/** 要约 from the start form: the starter's seat is checked (by the starter's organisation), then the negotiation is started. */
export async function proposeNegotiation(ctx: Pick<CommandContext, "driver" | "collab">, actor: Pick<Actor, "userId">, input: NegotiationStart): Promise<CommandResult<string>> {
  const [starter] = await ctx.driver.db.select({ organisationId: users.organisationId }).from(users).where(eq(users.id, actor.userId)).limit(1);
  const seat = await checkStarterSeat(ctx.driver.db, input, starter?.organisationId ?? null);
  if (!seat.ok) return seat;
  return done(await startNegotiation(ctx, actor, input));
}
