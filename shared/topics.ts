/** Clause topic keys fixed by the contract, with their labels. */
export const TOPIC_KEYS = [
  "general",
  "order_allocation",
  "work_quota",
  "pay_method",
  "rest",
  "safety",
  "algorithm",
  "training",
  "dispute",
  "supplementary",
  "other",
] as const;

export type TopicKey = (typeof TOPIC_KEYS)[number];

export const TOPIC_LABELS: Record<TopicKey, { zh: string; en: string }> = {
  general: { zh: "总则", en: "General provisions" },
  order_allocation: { zh: "订单分配", en: "Order allocation" },
  work_quota: { zh: "劳动定额", en: "Work quotas" },
  pay_method: { zh: "报酬支付办法", en: "Pay methods" },
  rest: { zh: "休息休假", en: "Rest and leave" },
  safety: { zh: "劳动安全与职业伤害保障", en: "Safety and occupational injury" },
  algorithm: { zh: "算法规则与民主参与", en: "Algorithm rules and participation" },
  training: { zh: "职业培训", en: "Training" },
  dispute: { zh: "争议处理", en: "Dispute resolution" },
  supplementary: { zh: "附则", en: "Supplementary provisions" },
  other: { zh: "其他", en: "Other" },
};

export function isTopicKey(value: unknown): value is TopicKey {
  return typeof value === "string" && (TOPIC_KEYS as readonly string[]).includes(value);
}
