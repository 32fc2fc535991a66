import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { appendAudit } from "../../db/audit";
import { findNegotiation, organisationsById, type NegotiationRow } from "../../db/queries/negotiations";
import { latestRatification, listSignOffs, organisationTree, recordedDelegations, slotOfSignOff } from "../../db/queries/signing";
import { findVersion } from "../../db/queries/versions";
import { negotiations, signOffs, users } from "../../db/schema";
import { readAgreement } from "../../shared/collab/docShape";
import { chinaToday } from "../../shared/rules/deadlines";
import { verifyPassword } from "../auth/password";
import type { CollabService } from "../collab/service";
import type { EventHub } from "../events/hub";
import { newId } from "../ids";
import type { Membership } from "../policies/negotiation";
import { missingSignatures, signingAuthority, SLOT_SIDE, type RecordedDelegation, type SignatureSlot } from "../policies/signing";
import { contentHash } from "../versions/contentHash";
import { agreementProgress } from "../workflow/progress";
import { done, refuse, type CommandResult } from "./commandResult";
import { saveVersion } from "./versionSaver";

export const SIGNED_VERSION_LABEL = "已签署文本";

interface Deps {
  db: Db;
  collab: CollabService;
  events: EventHub;
}

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

/**
 * 签署 (docs/SPEC.md S-4…S-6; 集体合同规定第三十七条): one signatory signs the ratified text.
 * The password is asked again; authority (seat, mode, delegation usable today) is judged by the
 * policy at this moment. The last required signature locks the agreement in the same synchronous
 * step on the loaded document: status 已签署, lockedAt, signedOn, the milestone 已签署文本, and the
 * collaboration server refuses every further update at once.
 */
export async function signAgreement(
  deps: Deps,
  actor: { negotiation: NegotiationRow; userId: string; membership: Membership },
  password: string,
  now = new Date(),
): Promise<CommandResult<SigningOutcome>> {
  const { db, collab } = deps;
  if (actor.negotiation.lockedAt !== null) return refuse("locked", "协议已签署并锁定 (the agreement is already signed and locked)");
  const account = db.select({ passwordHash: users.passwordHash, organisationId: users.organisationId }).from(users).where(eq(users.id, actor.userId)).get();
  if (!account || !(await verifyPassword(account.passwordHash, password))) {
    return refuse("wrong_password", "密码不正确,未签署 (wrong password — nothing was signed)", "password");
  }

  const result = await collab.withDocument(actor.negotiation.id, (doc): CommandResult<SigningOutcome> => {
    const negotiation = findNegotiation(db, actor.negotiation.id)!;
    const content = readAgreement(doc);
    if (!agreementProgress(db, negotiation, content).allAgreed) {
      return refuse("not_agreed", "尚有条款未达成暂定一致,不能签署 (every clause must be at tentative agreement)");
    }
    const ratification = latestRatification(db, negotiation.id);
    if (!ratification?.valid) return refuse("not_ratified", "草案尚未经职代会或职工大会审议通过,不能签署 (the draft has not been ratified)");
    const version = findVersion(db, negotiation.id, ratification.versionId)!;
    const liveHash = contentHash(content);
    if (version.contentHash !== liveHash) {
      return refuse("text_changed", "当前文本与审议通过的文本不一致,不能签署 (the live text differs from the ratified version)");
    }
    const signed = listSignOffs(db, negotiation.id).filter((s) => s.signOff.versionId === version.id);
    const signedSlots = signed.map((s) => slotOfSignOff(s.signOff));
    const authority = signingAuthority(
      { side: actor.membership.side, role: actor.membership.role, organisationId: account.organisationId },
      {
        mode: negotiation.mode,
        negotiationId: negotiation.id,
        unionOrgId: negotiation.unionOrgId,
        locked: negotiation.lockedAt !== null,
        signedSlots,
        delegations: recordedDelegations(db, negotiation.id),
        tree: organisationTree(db),
        today: chinaToday(now),
      },
    );
    if (!authority.ok) return refuse(authority.code, authority.text);

    const d = authority.delegation;
    const orgs = organisationsById(db, [negotiation.unionOrgId, negotiation.enterpriseOrgId, d?.fromOrgId, d?.toOrgId].filter((x): x is string => Boolean(x)));
    const capacity = capacityText(
      authority.slot,
      { union: orgs.get(negotiation.unionOrgId)?.name ?? "", enterprise: orgs.get(negotiation.enterpriseOrgId)?.name ?? "", delegate: d ? orgs.get(d.toOrgId)?.name : undefined, delegator: d ? orgs.get(d.fromOrgId)?.name : undefined },
      d,
    );
    const complete = missingSignatures(negotiation.mode, [...signedSlots, authority.slot]).length === 0;
    const at = now.getTime();
    const signOffId = newId("so");
    db.transaction((tx) => {
      tx.insert(signOffs)
        .values({ id: signOffId, negotiationId: negotiation.id, versionId: version.id, userId: actor.userId, side: SLOT_SIDE[authority.slot], capacity, delegationId: d?.id ?? null, contentHash: liveHash, signedAt: at })
        .run();
      appendAudit(
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
        tx.update(negotiations).set({ status: "signed", lockedAt: at, signedOn }).where(eq(negotiations.id, negotiation.id)).run();
        saveVersion(tx, { negotiationId: negotiation.id, label: SIGNED_VERSION_LABEL, side: actor.membership.side, kind: "milestone", createdBy: actor.userId, content, createdAt: at });
        appendAudit(tx, { negotiationId: negotiation.id, actorId: actor.userId, action: "agreement.locked", detail: { signedOn, versionId: version.id, contentHash: liveHash, signatures: signedSlots.length + 1 } }, at);
      }
    });
    // Still inside the synchronous step: no update can arrive between the lock and this line.
    if (complete) collab.setLocked(negotiation.id, true);
    return done({ signOffId, slot: authority.slot, complete, contentHash: liveHash });
  });
  if (result.ok) {
    deps.events.publish(actor.negotiation.id, { kind: "signing" });
    if (result.value.complete) {
      deps.events.publish(actor.negotiation.id, { kind: "versions" });
      deps.events.publish(actor.negotiation.id, { kind: "workflow" });
    }
  }
  return result;
}
