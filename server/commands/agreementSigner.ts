import { eq } from "drizzle-orm";
import type * as Y from "yjs";
import type { Db } from "~/db/client";
import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findNegotiation, organisationsById, type NegotiationRow } from "~/db/queries/negotiations";
import { latestRatification, listSignOffs, organisationTree, recordedDelegations, slotOfSignOff } from "~/db/queries/signing";
import { findVersion } from "~/db/queries/versions";
import { negotiations, signOffs, users } from "~/db/schema";
import { readAgreement } from "~/shared/collab/docShape";
import { chinaToday } from "~/shared/rules/deadlines";
import { checkLoginThrottle, recordLoginFailure } from "../auth/loginThrottle";
import { verifyPassword } from "../auth/password";
import { newId } from "../ids";
import type { Membership } from "~/shared/roles";
import { missingSignatures, signingAuthority, SLOT_SIDE, type RecordedDelegation, type SignatureSlot } from "../policies/signing";
import { contentHash } from "../versions/contentHash";
import { agreementProgress } from "../workflow/progress";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandRefusal, type CommandResult } from "./commandResult";
import { saveVersion } from "./versionSaver";

export const SIGNED_VERSION_LABEL = "已签署文本";

/**
 * The capacity a signature is given in, as the record and the exports print it, e.g.
 * "青城市总工会(受青城市网络餐饮配送行业工会联合会委托,上代下,委托书 QC-2026-001)".
 */
export function capacityText(slot: SignatureSlot, names: { union: string; enterprise: string; delegate?: string; delegator?: string }, delegation: Pick<RecordedDelegation, "letterNo"> | null): string {
  switch (slot) {
    case "union_chief":
      return `${names.union}首席代表`;
    case "enterprise_chief":
      return `${names.enterprise}首席代表`;
    case "union_delegate":
      return `${names.delegate}(受${names.delegator}委托,上代下,委托书 ${delegation?.letterNo})`;
    case "participant":
      return `${names.delegate}(上参下,参与协商并共同签署,委托书 ${delegation?.letterNo})`;
  }
}

export type SigningOutcome = { signOffId: string; slot: SignatureSlot; complete: boolean; contentHash: string };

/** A refusal of the sign form; `retryAfterSeconds` when wrong passwords were too many (the login throttle's 429). */
export type SigningRefusal = CommandRefusal & { retryAfterSeconds?: number };

/**
 * The one answer for a wrong password and for someone who cannot sign now (docs/SPEC.md X-2): a
 * stolen session learns nothing about the password from the sign form. Why someone cannot sign
 * is on the sign page itself, the same whatever password was typed.
 */
const notSigned = (): SigningRefusal => refuse("not_signed", { key: "signing.notSigned" }, "password");

interface Account {
  username: string;
  passwordHash: string;
  organisationId: string | null;
}

type SigningJudgement =
  | { ok: false }
  | { ok: true; negotiation: NegotiationRow; version: NonNullable<Awaited<ReturnType<typeof findVersion>>>; liveHash: string; signedSlots: SignatureSlot[]; authority: Extract<ReturnType<typeof signingAuthority>, { ok: true }> };

/**
 * Readiness (W-7, S-2, S-6) and authority at this moment (S-5), on the loaded document; no password
 * involved. `db` is `driver.db` for the first look, the write's `tx` under the negotiation's lock for the one that counts.
 */
async function judgeSigning(db: Db, doc: Y.Doc, negotiationId: string, membership: Membership, account: Account, now: Date): Promise<SigningJudgement> {
  const negotiation = (await findNegotiation(db, negotiationId))!;
  if (negotiation.lockedAt !== null) return { ok: false };
  const content = readAgreement(doc);
  if (!(await agreementProgress(db, negotiation, content)).allAgreed) return { ok: false };
  const ratification = await latestRatification(db, negotiation.id);
  if (!ratification?.valid) return { ok: false };
  const version = (await findVersion(db, negotiation.id, ratification.versionId))!;
  const liveHash = contentHash(content);
  if (version.contentHash !== liveHash) return { ok: false };
  const signed = (await listSignOffs(db, negotiation.id)).filter((s) => s.signOff.versionId === version.id);
  const signedSlots = signed.map((s) => slotOfSignOff(s.signOff));
  const authority = signingAuthority(
    { side: membership.side, role: membership.role, organisationId: account.organisationId },
    {
      mode: negotiation.mode,
      negotiationId: negotiation.id,
      unionOrgId: negotiation.unionOrgId,
      locked: negotiation.lockedAt !== null,
      signedSlots,
      delegations: await recordedDelegations(db, negotiation.id),
      tree: await organisationTree(db),
      today: chinaToday(now),
    },
  );
  if (!authority.ok) return { ok: false };
  return { ok: true, negotiation, version, liveHash, signedSlots, authority };
}

/**
 * 签署 (docs/SPEC.md S-4…S-6, X-2; 集体合同规定第三十七条): one signatory signs the ratified text.
 * Readiness and authority (seat, mode, delegation usable today) are judged by the policy first; the
 * password is asked again and always verified, a wrong one counted in the sign-in throttle (so
 * guessing here meets the same 429 as at sign-in), and a wrong password and an inability to sign
 * get one answer. The last required signature locks the agreement in the same step on the loaded
 * document (held: no client update is applied meanwhile) and the same write, under the negotiation's
 * lock: status 已签署, lockedAt, signedOn, the milestone 已签署文本, and the collaboration server
 * refuses every further update at once.
 */
export async function signAgreement(
  ctx: Pick<CommandContext, "driver" | "collab" | "events" | "clock">,
  actor: Pick<Actor, "negotiation" | "userId" | "membership">,
  /** `clientAddress`: the signer's address, as the sign-in throttle counts it. */
  input: { password: string; clientAddress: string },
): Promise<CommandResult<SigningOutcome> | SigningRefusal> {
  const { driver, collab } = ctx;
  const { password, clientAddress } = input;
  const now = new Date(ctx.clock());
  if (actor.negotiation.lockedAt !== null) return refuse("locked", { key: "signing.locked" });
  const [account] = await driver.db
    .select({ username: users.username, passwordHash: users.passwordHash, organisationId: users.organisationId })
    .from(users)
    .where(eq(users.id, actor.userId))
    .limit(1);
  if (!account) return notSigned();
  const throttle = await checkLoginThrottle(driver.db, account.username, clientAddress);
  if (!throttle.allowed) {
    return { ...refuse("throttled", { key: "signing.throttled", params: { seconds: throttle.retryAfterSeconds } }, "password"), retryAfterSeconds: throttle.retryAfterSeconds };
  }
  const before = await collab.withDocument(actor.negotiation.id, (doc) => judgeSigning(driver.db, doc, actor.negotiation.id, actor.membership, account, now));
  // Verified whether or not this person can sign now, so neither the answer nor its time tells.
  const passwordOk = await verifyPassword(account.passwordHash, password);
  if (!passwordOk) {
    await driver.write(async (tx) => {
      await recordLoginFailure(tx, account.username, clientAddress);
      await appendAudit(tx, { negotiationId: null, actorId: actor.userId, action: "auth.reauth_failed", detail: { form: "sign", negotiationId: actor.negotiation.id, address: clientAddress } });
    });
  }
  if (!passwordOk || !before.ok) return notSigned();

  const result = await collab.withDocument(actor.negotiation.id, async (doc): Promise<CommandResult<SigningOutcome>> => {
    const signed = await driver.write(async (tx): Promise<CommandResult<SigningOutcome>> => {
      await lock(tx, lockKeys.negotiation(actor.negotiation.id));
      // Judged again on the held document, under the lock: a clause edited or a signature recorded while the password was checked counts.
      const judged = await judgeSigning(tx, doc, actor.negotiation.id, actor.membership, account, now);
      if (!judged.ok) return notSigned();
      const { negotiation, version, liveHash, signedSlots, authority } = judged;
      const content = readAgreement(doc);
      const d = authority.delegation;
      const orgs = await organisationsById(tx, [negotiation.unionOrgId, negotiation.enterpriseOrgId, d?.fromOrgId, d?.toOrgId].filter((x): x is string => Boolean(x)));
      const capacity = capacityText(
        authority.slot,
        { union: orgs.get(negotiation.unionOrgId)?.name ?? "", enterprise: orgs.get(negotiation.enterpriseOrgId)?.name ?? "", delegate: d ? orgs.get(d.toOrgId)?.name : undefined, delegator: d ? orgs.get(d.fromOrgId)?.name : undefined },
        d,
      );
      const complete = missingSignatures(negotiation.mode, [...signedSlots, authority.slot]).length === 0;
      const at = now.getTime();
      const signOffId = newId("so");
      await tx
        .insert(signOffs)
        .values({ id: signOffId, negotiationId: negotiation.id, versionId: version.id, userId: actor.userId, side: SLOT_SIDE[authority.slot], capacity, delegationId: d?.id ?? null, contentHash: liveHash, signedAt: at });
      await appendAudit(
        tx,
        {
          negotiationId: negotiation.id,
          actorId: actor.userId,
          action: "agreement.signed",
          detail: { signOffId, slot: authority.slot, side: SLOT_SIDE[authority.slot], capacity, delegationId: d?.id ?? null, letterNo: d?.letterNo ?? null, versionId: version.id, contentHash: liveHash },
        },
        at,
      );
      if (complete) {
        const signedOn = chinaToday(now);
        await tx.update(negotiations).set({ status: "signed", lockedAt: at, signedOn }).where(eq(negotiations.id, negotiation.id));
        await saveVersion(tx, { negotiationId: negotiation.id, label: SIGNED_VERSION_LABEL, side: actor.membership.side, kind: "milestone", createdBy: actor.userId, content, createdAt: at });
        await appendAudit(tx, { negotiationId: negotiation.id, actorId: actor.userId, action: "agreement.locked", detail: { signedOn, versionId: version.id, contentHash: liveHash, signatures: signedSlots.length + 1 } }, at);
      }
      return done({ signOffId, slot: authority.slot, complete, contentHash: liveHash });
    });
    // Committed, and the document still held: no client update is applied between the lock and this line.
    if (signed.ok && signed.value.complete) await collab.setLocked(actor.negotiation.id, true);
    return signed;
  });
  if (result.ok) {
    ctx.events.publish(actor.negotiation.id, { kind: "signing" });
    if (result.value.complete) {
      ctx.events.publish(actor.negotiation.id, { kind: "versions" });
      ctx.events.publish(actor.negotiation.id, { kind: "workflow" });
    }
  }
  return result;
}
