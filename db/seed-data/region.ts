/**
 * The demo region (issue 14): the 自治区总工会 with three cities' federations — the existing
 * 青城市 one and two more — their sector and grassroots unions, a second platform, and a dozen
 * negotiations in every stage. Dates are days relative to the day the demo is seeded (negative =
 * before), so the ledger is alive on first start whenever that is. Fictional organisations.
 */
export const REGION_ORGANISATIONS = [
  { id: "org-beichuan", name: "北川市总工会", kind: "union", level: "city", parentId: "org-region" },
  { id: "org-beichuan-ride", name: "北川市网约车行业工会联合会", kind: "union", level: "sector", parentId: "org-beichuan" },
  { id: "org-beichuan-express", name: "北川市快递行业工会联合会", kind: "union", level: "sector", parentId: "org-beichuan" },
  { id: "org-beichuan-freight", name: "北川市货车司机工会联合会", kind: "union", level: "sector", parentId: "org-beichuan" },
  { id: "org-nanhu", name: "南湖市总工会", kind: "union", level: "city", parentId: "org-region" },
  { id: "org-nanhu-delivery", name: "南湖市网络餐饮配送行业工会联合会", kind: "union", level: "sector", parentId: "org-nanhu" },
  { id: "org-nanhu-station", name: "青城快送南湖东站站点工会", kind: "union", level: "grassroots", parentId: "org-nanhu-delivery" },
  { id: "org-qc-express", name: "青城市快递物流行业工会联合会", kind: "union", level: "sector", parentId: "org-district" },
  { id: "org-yuntu", name: "云途出行科技有限公司", kind: "enterprise", level: "platform", parentId: null },
  { id: "org-fengsu", name: "丰速快递有限公司", kind: "enterprise", level: "platform", parentId: null },
  { id: "org-huolala", name: "北川货运通平台有限公司", kind: "enterprise", level: "platform", parentId: null },
  { id: "org-beichuan-hrss", name: "北川市人力资源和社会保障局", kind: "authority", level: "city", parentId: null },
  { id: "org-nanhu-hrss", name: "南湖市人力资源和社会保障局", kind: "authority", level: "city", parentId: null },
] as const;

/** One region negotiation: its parties and the days (relative to seeding) each step happened. */
export interface RegionNegotiation {
  id: string;
  title: string;
  scope: "enterprise" | "sector" | "regional";
  region: string;
  industry: string;
  mode: "standard" | "represent" | "participate";
  unionOrgId: string;
  enterpriseOrgId: string;
  higherUnionOrgId: string | null;
  filedWithOrgId: string | null;
  /** Days relative to seeding. */
  proposed: number;
  answered?: number;
  ratified?: number;
  signed?: number;
  filed?: number;
  /** Review without objection: takes effect the day after the 15-day review. */
  reviewed?: number;
  published?: number;
  /** Term in months from taking effect (default 36). */
  termMonths?: number;
  algorithmConsulted?: number;
  suspended?: boolean;
  /** Clauses settled (暂定一致), each on a day between the answer and the ratification (or seeding). */
  settled: number;
  /** Coverage entered on the given days (the last one is current). */
  coverage: { day: number; enterprises: number; workers: number }[];
}

export const REGION_NEGOTIATIONS: RegionNegotiation[] = [
  {
    id: "beichuan-ride-2025",
    title: "北川市网约车行业集体合同",
    scope: "sector", region: "北川市", industry: "网约车", mode: "represent",
    unionOrgId: "org-beichuan-ride", enterpriseOrgId: "org-yuntu", higherUnionOrgId: "org-beichuan", filedWithOrgId: "org-beichuan-hrss",
    // Signed and in force; its last algorithm-rules consultation was over a year ago: due again.
    proposed: -470, answered: -455, ratified: -412, signed: -405, filed: -400, reviewed: -386, published: -380, algorithmConsulted: -380,
    settled: 33,
    coverage: [{ day: -384, enterprises: 9, workers: 7200 }, { day: -20, enterprises: 12, workers: 8600 }],
  },
  {
    id: "nanhu-delivery-2023",
    title: "南湖市网络餐饮配送行业集体合同(2023—2026)",
    scope: "sector", region: "南湖市", industry: "网络餐饮配送", mode: "represent",
    unionOrgId: "org-nanhu-delivery", enterpriseOrgId: "org-platform", higherUnionOrgId: "org-nanhu", filedWithOrgId: "org-nanhu-hrss",
    // Takes effect 1,040 days ago for 36 months: expires inside the renewal window.
    proposed: -1120, answered: -1105, ratified: -1070, signed: -1065, filed: -1060, reviewed: -1045, published: -1038, algorithmConsulted: -200,
    settled: 33,
    coverage: [{ day: -1040, enterprises: 6, workers: 5100 }],
  },
  {
    id: "nanhu-delivery-east-station",
    title: "青城快送南湖东站集体合同",
    scope: "enterprise", region: "南湖市", industry: "网络餐饮配送", mode: "participate",
    unionOrgId: "org-nanhu-station", enterpriseOrgId: "org-contractor", higherUnionOrgId: "org-nanhu-delivery", filedWithOrgId: null,
    proposed: -48, answered: -36, settled: 14,
    coverage: [{ day: -30, enterprises: 1, workers: 420 }],
  },
  {
    id: "beichuan-express-2026",
    title: "北川市快递行业集体合同",
    scope: "sector", region: "北川市", industry: "快递", mode: "represent",
    unionOrgId: "org-beichuan-express", enterpriseOrgId: "org-fengsu", higherUnionOrgId: "org-beichuan", filedWithOrgId: null,
    // No answer 34 days after the 要约: the 20-day answer is overdue.
    proposed: -34, settled: 0,
    coverage: [{ day: -34, enterprises: 15, workers: 6300 }],
  },
  {
    id: "beichuan-freight-2026",
    title: "北川市货车司机劳动报酬与算法规则专项集体合同",
    scope: "regional", region: "北川市", industry: "道路货运", mode: "standard",
    unionOrgId: "org-beichuan-freight", enterpriseOrgId: "org-huolala", higherUnionOrgId: null, filedWithOrgId: null,
    // Ratified, awaiting the chiefs' signatures.
    proposed: -90, answered: -80, ratified: -4, settled: 33,
    coverage: [{ day: -60, enterprises: 1, workers: 12800 }],
  },
  {
    id: "qingcheng-express-2026",
    title: "青城市快递物流行业集体合同",
    scope: "sector", region: "青城市", industry: "快递物流", mode: "represent",
    unionOrgId: "org-qc-express", enterpriseOrgId: "org-fengsu", higherUnionOrgId: "org-city", filedWithOrgId: null,
    // Signed 14 days ago, not filed: the 10-day filing is overdue.
    proposed: -120, answered: -108, ratified: -20, signed: -14, settled: 33,
    coverage: [{ day: -100, enterprises: 8, workers: 3900 }],
  },
  {
    id: "qingcheng-station-2026",
    title: "青城快送新城站点劳动定额专项集体合同",
    scope: "enterprise", region: "青城市新城区", industry: "网络餐饮配送", mode: "participate",
    unionOrgId: "org-station", enterpriseOrgId: "org-contractor", higherUnionOrgId: "org-district", filedWithOrgId: "org-hrss",
    // Filed 6 days ago: inside the 15-day review.
    proposed: -95, answered: -85, ratified: -16, signed: -9, filed: -6, settled: 33,
    coverage: [{ day: -70, enterprises: 1, workers: 380 }],
  },
  {
    id: "nanhu-ride-2026",
    title: "南湖市网约车驾驶员集体合同",
    scope: "sector", region: "南湖市", industry: "网约车", mode: "represent",
    unionOrgId: "org-nanhu", enterpriseOrgId: "org-yuntu", higherUnionOrgId: "org-region", filedWithOrgId: "org-nanhu-hrss",
    // In force for 20 days, never published: the 10-day publication is overdue.
    proposed: -150, answered: -140, ratified: -48, signed: -40, filed: -37, reviewed: -22, settled: 33,
    coverage: [{ day: -21, enterprises: 5, workers: 4700 }],
  },
  {
    id: "qingcheng-builders-2026",
    title: "青城市建筑业农民工工资支付集体合同",
    scope: "sector", region: "青城市", industry: "建筑业", mode: "standard",
    unionOrgId: "org-builders", enterpriseOrgId: "org-huolala", higherUnionOrgId: null, filedWithOrgId: null,
    // Another sector, bargaining: answered in time, clauses settled this month.
    proposed: -26, answered: -12, settled: 9,
    coverage: [{ day: -12, enterprises: 23, workers: 2900 }],
  },
  {
    id: "beichuan-ride-2022",
    title: "北川市网约车行业集体合同(2022—2025)",
    scope: "sector", region: "北川市", industry: "网约车", mode: "represent",
    unionOrgId: "org-beichuan-ride", enterpriseOrgId: "org-yuntu", higherUnionOrgId: "org-beichuan", filedWithOrgId: "org-beichuan-hrss",
    // Expired 17 days ago, replaced by beichuan-ride-2025's term.
    proposed: -1188, answered: -1178, ratified: -1138, signed: -1133, filed: -1128, reviewed: -1113, published: -1108, termMonths: 36, algorithmConsulted: -400,
    settled: 30,
    coverage: [{ day: -1110, enterprises: 7, workers: 5200 }],
  },
  {
    id: "nanhu-express-2026",
    title: "南湖市快递员休息休假专项集体协商",
    scope: "sector", region: "南湖市", industry: "快递", mode: "represent",
    unionOrgId: "org-nanhu", enterpriseOrgId: "org-fengsu", higherUnionOrgId: "org-region", filedWithOrgId: null,
    proposed: -60, answered: -45, suspended: true, settled: 6,
    coverage: [{ day: -45, enterprises: 4, workers: 2100 }],
  },
  {
    id: "beichuan-delivery-2026",
    title: "北川市即时配送行业集体合同",
    scope: "regional", region: "北川市", industry: "即时配送", mode: "represent",
    unionOrgId: "org-beichuan", enterpriseOrgId: "org-platform", higherUnionOrgId: "org-region", filedWithOrgId: null,
    // 要约 made 3 days ago: the answer clock runs.
    proposed: -3, settled: 0,
    coverage: [{ day: -3, enterprises: 10, workers: 5600 }],
  },
];
