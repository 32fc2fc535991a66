import { describe, expect, it } from "vitest";
import { checkClauses, compareWithPrevious, type CheckContext, type Finding } from "./clauseChecks";
import type { WageRound } from "./floorsInForce";

/** Clauses written for these tests, never seen by the fixtures: detection must read the text. */
const WAGE: WageRound = { area: "内蒙古·一类", monthly: 2270, hourly: 22.4, effectiveFrom: "2024-12-01", source: "通知", confirmed: true };
const CONTEXT: CheckContext = { wage: WAGE, onDate: "2026-12-01" };

const check = (body: string, context = CONTEXT) => checkClauses([{ id: "x1", body }], context);
const levels = (findings: Finding[]) => findings.map((f) => [f.rule, f.level, f.figure]);

describe("checkClauses (EV-3, EV-4)", () => {
  it("EV-4 flags a rest prompt after more than 4 hours and a pause under 20 minutes, in Chinese numerals", () => {
    const findings = check("骑手连续送餐满六个小时后，平台须推送疲劳提示，并暂停派单十分钟。");
    expect(levels(findings)).toEqual([
      ["rest_prompt_hours", "unlawful", "六个小时"],
      ["rest_pause_minutes", "unlawful", "十分钟"],
    ]);
    expect(findings[0]!.message.zh).toContain("超过 4 小时");
    expect(findings[0]!.source).toContain("第三条");
    expect(findings[0]!.floor).toBe("≤ 4小时");
  });

  it("EV-4 accepts a prompt at 3.5 hours with a 30-minute pause", () => {
    expect(levels(check("持续接单3.5小时的，系统提示休息，30分钟内不再派单。"))).toEqual([
      ["rest_prompt_hours", "ok", "3.5小时"],
      ["rest_pause_minutes", "ok", "30分钟"],
    ]);
  });

  it("EV-3 takes the top of a range against a ceiling", () => {
    expect(levels(check("连续工作4至5小时后应当提示休息，休息不少于20分钟。"))[0]).toEqual(["rest_prompt_hours", "unlawful", "4至5小时"]);
  });

  it("EV-4 checks daily and weekly hours phrase by phrase", () => {
    expect(levels(check("配送员每天接单时长不超过十小时，每周工作时间不超过四十小时。"))).toEqual([
      ["daily_hours", "unlawful", "十小时"],
      ["weekly_hours", "ok", "四十小时"],
    ]);
  });

  it("EV-4 does not read a complaint deadline or overtime as working hours", () => {
    expect(check("乙方应在72小时内答复申诉；因工作需要延长工作时间的，每日不超过3小时。")).toEqual([]);
  });

  it("EV-4 counts rest days a week, including every-two-weeks schedules", () => {
    expect(levels(check("保障骑手每两周至少休息一天。"))).toEqual([["weekly_rest_days", "unlawful", "每两周一天"]]);
    expect(levels(check("每周安排轮休2日。"))).toEqual([["weekly_rest_days", "ok", "每周2日"]]);
  });

  it("EV-4 reads the pay cycle", () => {
    expect(levels(check("劳动报酬每季度结算支付一次。"))).toEqual([["pay_cycle", "unlawful", "每季度"]]);
    expect(levels(check("工资每两个月发放一次。"))).toEqual([["pay_cycle", "unlawful", "每两个月"]]);
    expect(levels(check("平台按周向骑手支付报酬。"))).toEqual([["pay_cycle", "ok", "按周"]]);
  });

  it("EV-4 caps deductions at 20% and notes a missing remainder guarantee", () => {
    const findings = check("对骑手的罚款最多不超过当月收入报酬的百分之三十。");
    expect(levels(findings)).toEqual([
      ["deduction_cap", "unlawful", "百分之三十"],
      ["deduction_remainder", "ok", null],
    ]);
    expect(findings[1]!.message.zh).toContain("未写明");
    expect(levels(check("扣除金额不超过月工资的15%，扣除后剩余工资不得低于当地最低工资标准。"))).toEqual([
      ["deduction_cap", "ok", "15%"],
      ["deduction_remainder", "ok", "剩余部分不低于最低工资标准"],
    ]);
  });

  it("EV-4 reads holiday pay as a percentage or a multiple", () => {
    expect(levels(check("法定节假日上班的，按平日工资的两倍支付报酬。"))).toEqual([["holiday_pay", "unlawful", "两倍"]]);
    expect(levels(check("法定休假日配送的，按不低于正常单价的300%支付。"))).toEqual([["holiday_pay", "ok", "300%"]]);
  });

  it("EV-4 checks monthly and hourly pay against the area's round", () => {
    expect(levels(check("骑手月工资不低于2000元。"))).toEqual([["minimum_wage_monthly", "unlawful", "2000元"]]);
    expect(levels(check("骑手月劳动报酬不得低于当地最低工资标准的110%。"))).toEqual([["minimum_wage_monthly", "ok", "最低工资标准的110%"]]);
    expect(levels(check("众包骑手每小时报酬不低于20元。"))).toEqual([["minimum_wage_hourly", "unlawful", "20元"]]);
    expect(levels(check("众包骑手每小时报酬不低于25元。"))).toEqual([["minimum_wage_hourly", "ok", "25元"]]);
    expect(check("众包骑手每小时报酬不低于20元。", { ...CONTEXT, wage: null })).toEqual([]);
  });

  it("EV-4 checks the term and the renewal window", () => {
    expect(levels(check("本协议有效期五年。"))).toEqual([["agreement_term", "unlawful", "五年"]]);
    expect(levels(check("本协议有效期为十八个月。"))).toEqual([["agreement_term", "ok", "十八个月"]]);
    expect(levels(check("协议到期前1个月内，双方可商议续签。"))).toEqual([["renewal_window", "unlawful", "1个月"]]);
  });

  it("EV-3 never reads the clause id or title: the same body under any id gives the same findings", () => {
    const body = "连续接单5小时后提示休息15分钟。";
    const a = checkClauses([{ id: "rest", body }], CONTEXT).map(({ clauseId: _, ...f }) => f);
    const b = checkClauses([{ id: "zz9", body }], CONTEXT).map(({ clauseId: _, ...f }) => f);
    expect(a).toEqual(b);
    expect(a.length).toBe(2);
  });

  it("EV-4 skips rules not yet in force on the date", () => {
    expect(check("连续接单5小时后提示休息。", { ...CONTEXT, onDate: "2020-01-01" })).toEqual([]);
  });
});

describe("compareWithPrevious (EV-5)", () => {
  it("EV-5 marks a dropped minimum-wage remainder as weaker", () => {
    const before = [{ id: "d", body: "扣款不得超过当月报酬的20%，且扣除后的剩余部分不得低于最低工资标准。" }];
    const after = [{ id: "d", body: "扣款不得超过当月报酬的20%。" }];
    const findings = compareWithPrevious(after, before, CONTEXT);
    expect(levels(findings)).toEqual([
      ["deduction_cap", "ok", "20%"],
      ["deduction_remainder", "weaker", null],
    ]);
    expect(findings[1]!.message.zh).toContain("较上一轮减弱");
  });

  it("EV-5 marks a reduced figure weaker, and keeps an unlawful one unlawful", () => {
    const before = [{ id: "r", body: "连续接单3小时提示休息，30分钟内不再派单。" }];
    const after = [{ id: "r", body: "连续接单4小时提示休息，10分钟内不再派单。" }];
    expect(levels(compareWithPrevious(after, before, CONTEXT))).toEqual([
      ["rest_prompt_hours", "weaker", "4小时"],
      ["rest_pause_minutes", "unlawful", "10分钟"],
    ]);
  });

  it("EV-5 reports a holiday rate replaced by a vague reference as a protection gone", () => {
    const before = [{ id: "h", body: "法定节假日工作的，按三倍支付报酬。" }];
    const after = [{ id: "h", body: "法定节假日工作的，按照国家有关规定支付报酬。" }];
    const findings = compareWithPrevious(after, before, CONTEXT);
    expect(levels(findings)).toEqual([["holiday_pay", "weaker", null]]);
    expect(findings[0]!.message.zh).toContain("三倍");
  });

  it("EV-5 says nothing is weaker when the text is the same or stronger", () => {
    const text = [{ id: "w", body: "每周至少休息一日。" }];
    expect(compareWithPrevious(text, text, CONTEXT).map((f) => f.level)).toEqual(["ok"]);
    expect(compareWithPrevious([{ id: "w", body: "每周至少休息两日。" }], text, CONTEXT).map((f) => f.level)).toEqual(["ok"]);
  });
});

describe("bilingual messages", () => {
  it("EV-4 splits what the API prints back into its two languages", async () => {
    const { bilingualText, splitBilingual } = await import("./clauseChecks");
    for (const finding of check("连续接单5小时提示休息，10分钟内不派单；扣款不超过30%。")) {
      expect(splitBilingual(bilingualText(finding.message))).toEqual(finding.message);
    }
  });
});
