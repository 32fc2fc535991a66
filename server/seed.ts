import { count } from "drizzle-orm";
import type { Db } from "~/db/client";
import type { Driver } from "~/db/driver";
import { appendAudit } from "~/db/audit";
import { users } from "~/db/schema";
import v1 from "~/db/seed-data/agreement-v1.json";
import v2 from "~/db/seed-data/agreement-v2.json";
import { agreementContentSchema } from "~/shared/agreement";
import type { Role, Side } from "~/shared/roles";
import type { CollabService } from "./collab/service";
import { makeAccounts, makeDelegation, makeNegotiation, makeOrganisations, makeSeats, makeVersion, type MadeNegotiation } from "./factories";
import { seedRegion } from "./seedRegion";

export const DEMO_PASSWORD = "tongshang-demo";
export const DEMO_NEGOTIATION_ID = "qingcheng-catering-2026";

/** The fictional 青城市 union hierarchy (docs/domain.md), the platform with its contractor, and the authority. */
const ORGANISATIONS = [
  { id: "org-region", name: "自治区总工会", kind: "union", level: "region", parentId: null },
  { id: "org-city", name: "青城市总工会", kind: "union", level: "city", parentId: "org-region" },
  { id: "org-district", name: "青城市新城区总工会", kind: "union", level: "district", parentId: "org-city" },
  { id: "org-sector", name: "青城市网络餐饮配送行业工会联合会", kind: "union", level: "sector", parentId: "org-district" },
  { id: "org-station", name: "青城快送新城站点工会", kind: "union", level: "grassroots", parentId: "org-sector" },
  { id: "org-builders", name: "青城市建筑行业工会", kind: "union", level: "sector", parentId: "org-city" },
  { id: "org-platform", name: "青城快送网络科技有限公司", kind: "enterprise", level: "platform", parentId: null },
  { id: "org-contractor", name: "青城顺达配送服务有限公司", kind: "enterprise", level: "contractor", parentId: "org-platform" },
  { id: "org-hrss", name: "青城市人力资源和社会保障局", kind: "authority", level: "city", parentId: null },
] as const;

interface DemoAccount {
  username: string;
  displayName: string;
  organisationId: string | null;
  isAdmin?: boolean;
  seat?: { side: Side; role: Role; outsideExpert?: boolean };
}

/** The contract's demo accounts, with their seat in the demo negotiation. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: "union.chief", displayName: "王建国", organisationId: "org-sector", seat: { side: "union", role: "chief" } },
  { username: "union.rep", displayName: "李骑手", organisationId: "org-station", seat: { side: "union", role: "representative" } },
  { username: "union.legal", displayName: "陈律师", organisationId: "org-sector", seat: { side: "union", role: "legal_adviser", outsideExpert: true } },
  { username: "city.union", displayName: "赵市总", organisationId: "org-city", seat: { side: "union", role: "higher_union" } },
  { username: "platform.chief", displayName: "刘人事", organisationId: "org-platform", seat: { side: "enterprise", role: "chief" } },
  { username: "platform.rep", displayName: "孙运营", organisationId: "org-platform", seat: { side: "enterprise", role: "representative" } },
  { username: "observer", displayName: "周观察", organisationId: "org-hrss", seat: { side: "observer", role: "observer" } },
  { username: "outsider", displayName: "吴外人", organisationId: "org-builders" },
  { username: "admin", displayName: "系统管理员", organisationId: null, isAdmin: true },
  { username: "region.union", displayName: "马区总", organisationId: "org-region" },
];

export async function databaseIsEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/** What the seed made: the accounts' ids by username, the demo negotiation (its clauses in order) and its versions. */
export interface SeededDemo {
  accounts: Record<string, string>;
  negotiation: MadeNegotiation;
  versions: { first: string; second: string };
}

/**
 * Seeds the demo into an empty database (contract: only when empty, only when TONGSHANG_DEMO≠0),
 * through the data factories the tests use (server/factories.ts). The rows go in a few
 * transactions (accounts; the demo's seats, delegation and versions; the region's); the drafts go
 * through the collaboration pipeline between them, as any edit does.
 */
export async function seedDemo(driver: Driver, collab: CollabService): Promise<SeededDemo> {
  const accounts = await driver.write(async (tx) => {
    await makeOrganisations(driver, ORGANISATIONS);
    const made = await makeAccounts(driver, DEMO_ACCOUNTS, DEMO_PASSWORD);
    await appendAudit(tx, { negotiationId: null, actorId: null, action: "demo.seeded", detail: { accounts: DEMO_ACCOUNTS.length } });
    return made;
  });

  const first = agreementContentSchema.parse(v1);
  const second = agreementContentSchema.parse(v2);
  const chief = accounts["union.chief"];
  const negotiation = await makeNegotiation({ driver, collab }, chief, {
    id: DEMO_NEGOTIATION_ID,
    title: "青城市网络餐饮配送行业集体合同",
    scope: "sector",
    region: "青城市",
    industry: "网络餐饮配送",
    mode: "represent",
    unionOrgId: "org-sector",
    enterpriseOrgId: "org-platform",
    higherUnionOrgId: "org-city",
    proposedBySide: "union",
    proposedOn: "2026-11-10",
    creatorSide: "union",
    creatorRole: "chief",
    draft: second,
    draftOrigin: "seed",
    minimumWageArea: "内蒙古·一类", // 青城 is Hohhot's old name: 一类 (docs/domain.md)
  });

  const versions = await driver.write(async () => {
    const seats = DEMO_ACCOUNTS.filter((account) => account.seat && account.username !== "union.chief").map((account) => ({ userId: accounts[account.username], ...account.seat! }));
    await makeSeats(driver, negotiation.id, seats, chief);
    await makeDelegation(driver, { id: "dlg-qc-2026-001", negotiationId: negotiation.id, kind: "represent", fromOrgId: "org-sector", toOrgId: "org-city", letterNo: "QC-2026-001", validFrom: "2026-11-01", validTo: "2027-12-31", registeredBy: chief });
    const one = await makeVersion(driver, { negotiationId: negotiation.id, label: "工会方首轮提案", side: "union", kind: "seed", createdBy: chief, content: first, createdAt: Date.parse("2026-11-12T02:00:00Z") });
    const two = await makeVersion(driver, {
      negotiationId: negotiation.id,
      label: "平台方回应稿",
      side: "enterprise",
      kind: "seed",
      createdBy: accounts["platform.chief"],
      content: second,
      createdAt: Date.parse("2026-11-19T02:00:00Z"),
    });
    return { first: one.id, second: two.id };
  });
  await seedRegion(driver, collab, second);
  return { accounts, negotiation, versions };
}
