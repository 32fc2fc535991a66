import { eq } from "drizzle-orm";
import * as Y from "yjs";
import type { Db } from "~/db/client";
import { appendAudit } from "~/db/audit";
import { lockKeys, type Driver } from "~/db/driver";
import { lock } from "~/db/locks";
import { findMembership } from "~/db/queries/negotiations";
import { liveTentativeAgreements, upsertClauseState } from "~/db/queries/workflow";
import { negotiations, tentativeAgreements } from "~/db/schema";
import { clausesMap } from "~/shared/collab/docShape";
import { actingSide } from "../policies/negotiation";
import { LOAD_ORIGIN, type ChangeOrigin, type SharedDocument } from "../collab/sharedDocument";
import { clauseContentHash } from "./clauseHash";

/** Live tentative agreements of loaded documents, by negotiation then clause: checked on every edit. */
export type TentativeAgreementCache = Map<string, Map<string, { id: string; contentHash: string }>>;

/** A clause touched since the last check, and by whom (the change that broke its agreement, once an edit showed that). */
interface Touch {
  origin: ChangeOrigin | null;
  broke: boolean;
}

/** The clause's current title and body hash, or null when the entry is gone or not a clause. */
function currentHash(clauses: ReturnType<typeof clausesMap>, clauseId: string): string | null {
  const entry = clauses.get(clauseId);
  const title = entry instanceof Y.Map ? entry.get("title") : undefined;
  const body = entry instanceof Y.Map ? entry.get("body") : undefined;
  return title instanceof Y.Text && body instanceof Y.Text ? clauseContentHash(title.toString(), body.toString()) : null;
}

/**
 * Watches a loaded draft for what the workflow must know (docs/SPEC.md W-3, W-5):
 * - an edit to the title or body of a clause under a tentative agreement voids it, audited;
 * - a clause someone adds is recorded as 提议 by that person's side;
 * - the draft's clause count is kept beside the ledger's SQL (docs/SPEC.md L-4).
 *
 * The Yjs observer runs inside the update pipeline and stays synchronous and cheap: it records
 * which clauses a change touched (one map lookup per keystroke on an open clause) and, when the
 * cache shows an agreement broken, a clause added or the count changed, schedules a check. The
 * check is the database's part and runs later, one at a time per document (checks asked for while
 * one runs are coalesced into the next): in one `driver.write` under the negotiation's lock, it
 * reads the live agreements through that transaction and compares each touched clause's text AS
 * IT IS THEN. So an agreement committed just before (whose command has not refreshed the cache
 * yet) is seen, and voided when the text has already moved on; an edit undone before the check
 * voids nothing. A failed check is logged, never thrown into the pipeline or left unhandled.
 */
export class ClauseWatch {
  readonly negotiationId: string;
  private readonly clauses: ReturnType<typeof clausesMap>;
  private touched = new Map<string, Touch>();
  private added: { clauseId: string; userId: string }[] = [];
  /** The next check compares every live agreement, not only the touched clauses (asked for by `check`). */
  private everything = false;
  /** The clause count last written to the negotiation's row (-1: not yet this load). */
  private counted = -1;
  /** The last check in line: every new check waits for it. Never rejects. */
  private tail: Promise<void> = Promise.resolve();
  /** A check scheduled but not started yet: later requests join it instead of queueing another. */
  private queued: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly driver: Driver,
    private readonly cache: TentativeAgreementCache,
    shared: SharedDocument,
    private readonly notify: (negotiationId: string) => void,
    /** Runs `fn` outside the caller's async context (see WorkflowService), so a check never joins someone else's open write. */
    private readonly detached: <T>(fn: () => T) => T,
  ) {
    this.negotiationId = shared.negotiationId;
    this.clauses = clausesMap(shared.doc);
    this.clauses.observeDeep((events, transaction) => this.observe(events, transaction));
  }

  /** The first check of a load: caches the live agreements and writes the clause count. */
  start(): Promise<void> {
    return this.schedule();
  }

  /** Stops scheduling (the document unloaded or the server stops); resolves when the checks in line have run. */
  stop(): Promise<void> {
    this.stopped = true;
    return this.tail;
  }

  /**
   * A check of every live agreement against the text now (a tentative agreement was created or
   * confirmed, a round tabled): resolves once it and every check before it ran. An edit that
   * arrived between the agreement's commit and this call is caught here.
   */
  check(): Promise<void> {
    this.everything = true;
    return this.schedule();
  }

  private observe(events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction): void {
    if (transaction.origin === LOAD_ORIGIN) {
      if (this.clauses.size !== this.counted) this.schedule();
      return;
    }
    const origin = transaction.origin as ChangeOrigin | null;
    const live = this.cache.get(this.negotiationId);
    // Every clause this change touched: typed into, a field replaced, the entry replaced or deleted.
    // Whether its agreement still holds is then decided by the text itself, not by how it changed.
    // Clauses without an agreement in the cache are noted too (who touched them last), so a check
    // that finds an agreement the cache has not seen yet knows whose edit voided it.
    // This runs per keystroke: a keystroke is one event inside one clause, so that case allocates
    // nothing, and the clause count (Y.Map#size walks every entry) is read only when the clause
    // list itself changed.
    let due = false;
    let listChanged = this.counted < 0;
    for (const event of events) {
      if (event.target === this.clauses) {
        listChanged = true;
        event.changes.keys.forEach((change, key) => {
          if (change.action === "add" && origin?.userId && origin.label === "client") {
            this.added.push({ clauseId: key, userId: origin.userId });
            due = true;
          }
          if (this.touch(key, origin, live)) due = true;
        });
      } else {
        const clauseId = this.clauseOf(event.target);
        if (clauseId !== null && this.touch(clauseId, origin, live)) due = true;
      }
    }
    if (due || (listChanged && this.clauses.size !== this.counted)) this.schedule();
  }

  /** The clause entry a type inside the clause map belongs to (the first key of the event's path, without building the path). */
  private clauseOf(type: Y.AbstractType<unknown>): string | null {
    let item = type._item;
    while (item !== null && item.parent !== this.clauses) item = (item.parent as Y.AbstractType<unknown>)._item;
    return item?.parentSub ?? null;
  }

  /** Notes that `clauseId` was touched by `origin`; true when the cache shows its agreement broken. */
  private touch(clauseId: string, origin: ChangeOrigin | null, live: Map<string, { contentHash: string }> | undefined): boolean {
    const ta = live?.get(clauseId);
    const broke = ta !== undefined && currentHash(this.clauses, clauseId) !== ta.contentHash;
    // The first change seen to break the agreement is the one the void is attributed to.
    const before = this.touched.get(clauseId);
    // Updated in place: under load most keystrokes come from another editor than the one before.
    if (!before) this.touched.set(clauseId, { origin, broke });
    else if (!before.broke) {
      before.origin = origin;
      before.broke = broke;
    }
    return broke;
  }

  /** After a check: what arrived while it ran and now shows as needing one (the cache may be fresher than when it arrived). */
  private dueAgain(): boolean {
    if (this.added.length > 0 || this.clauses.size !== this.counted) return true;
    const live = this.cache.get(this.negotiationId);
    if (!live || live.size === 0) return false;
    for (const clauseId of this.touched.keys()) {
      const ta = live.get(clauseId);
      if (ta && currentHash(this.clauses, clauseId) !== ta.contentHash) return true;
    }
    return false;
  }

  private schedule(): Promise<void> {
    if (this.queued) return this.queued;
    if (this.stopped) return this.tail;
    const next = this.detached(() =>
      this.tail.then(async () => {
        this.queued = null;
        let ran = false;
        try {
          await this.checkNow();
          ran = true;
        } catch (error) {
          this.counted = -1; // unknown again: the next edit of any kind schedules a check
          console.error(`workflow: checking the clauses of ${this.negotiationId} failed; the next edit or agreement checks them again:`, error);
        }
        if (ran && !this.stopped && this.dueAgain()) void this.schedule();
      }),
    );
    this.queued = next;
    this.tail = next;
    return next;
  }

  private async checkNow(): Promise<void> {
    const negotiationId = this.negotiationId;
    const touched = this.touched;
    const added = this.added;
    const everything = this.everything;
    this.touched = new Map();
    this.added = [];
    this.everything = false;
    let changed = false;
    let counted = this.counted;
    let cached: Map<string, { id: string; contentHash: string }>;
    try {
      cached = await this.driver.write(async (tx) => {
        await lock(tx, lockKeys.negotiation(negotiationId));
        const live = await liveTentativeAgreements(tx, negotiationId);
        const toCheck = everything ? new Set([...touched.keys(), ...live.keys()]) : touched.keys();
        for (const clauseId of toCheck) {
          const ta = live.get(clauseId);
          if (!ta) continue;
          // The text as it is now, after the awaits above: not as it was when the edit was observed.
          if (currentHash(this.clauses, clauseId) === ta.contentHash) continue;
          const reason = this.clauses.has(clauseId) ? "text_changed" : "clause_deleted";
          await this.voidAgreement(tx, ta.id, clauseId, reason, touched.get(clauseId)?.origin ?? null);
          live.delete(clauseId);
          changed = true;
        }
        if (added.length > 0) {
          const now = Date.now();
          const sides = new Map<string, ReturnType<typeof actingSide>>();
          for (const { clauseId, userId } of added) {
            if (!sides.has(userId)) sides.set(userId, actingSide(await findMembership(tx, negotiationId, userId)));
            const side = sides.get(userId);
            if (side) await upsertClauseState(tx, { negotiationId, clauseId, status: "proposed", proposedBySide: side, updatedBy: userId, updatedAt: now });
          }
          changed = true;
        }
        if (this.clauses.size !== counted) {
          counted = this.clauses.size;
          await tx.update(negotiations).set({ clauseCount: counted }).where(eq(negotiations.id, negotiationId));
        }
        return new Map([...live].map(([clauseId, ta]) => [clauseId, { id: ta.id, contentHash: ta.contentHash }]));
      });
    } catch (error) {
      // Nothing was written: what this check had to look at is looked at by the next one.
      for (const [clauseId, touch] of touched) if (!this.touched.has(clauseId) || (touch.broke && !this.touched.get(clauseId)!.broke)) this.touched.set(clauseId, touch);
      this.added.unshift(...added);
      this.everything ||= everything;
      throw error;
    }
    this.counted = counted;
    if (!this.stopped) this.cache.set(negotiationId, cached);
    if (changed) this.notify(negotiationId);
  }

  private async voidAgreement(tx: Db, taId: string, clauseId: string, reason: "text_changed" | "clause_deleted", origin: ChangeOrigin | null): Promise<void> {
    const negotiationId = this.negotiationId;
    const now = Date.now();
    await tx.update(tentativeAgreements).set({ voidedAt: now, voidReason: reason }).where(eq(tentativeAgreements.id, taId));
    await upsertClauseState(tx, { negotiationId, clauseId, status: "negotiating", proposedBySide: null, updatedBy: origin?.userId ?? null, updatedAt: now });
    await appendAudit(tx, { negotiationId, actorId: origin?.userId ?? null, action: "ta.voided", detail: { clauseId, taId, reason, by: origin?.label ?? "unknown" } });
  }
}
