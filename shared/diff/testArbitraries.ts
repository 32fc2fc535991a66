import fc from "fast-check";

/** Fragments of clause text: Chinese words, figures with units, Latin words, punctuation, spaces. */
const FRAGMENTS = [
  "乙方", "应当", "配送员", "不低于", "基础单价", "每单", "的", "和", "时段", "天气", "补贴", "中位数",
  "5.5元", "5元", "0.8元", "30日", "15日", "10%", "15%", "22时", "4小时", "20分钟", "60万元", "3", "2026",
  "App", "v2.0", "GPS", "ok",
  "，", "。", "；", "、", "（", "）", ",", ".", " ", "\n",
];

/** A random clause-like text mixing Chinese, Latin, numbers and punctuation, plus stray characters. */
export const mixedText = fc
  .array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: fc.string({ maxLength: 3 }) }), {
    maxLength: 40,
  })
  .map((fragments) => fragments.join(""));

/** A pair of texts where the second is an edit of the first, as successive drafts are. */
export const editedTextPair = fc
  .tuple(mixedText, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), mixedText), { maxLength: 4 }))
  .map(([before, edits]) => {
    let after = before;
    for (const [at, removeCount, insert] of edits) {
      const start = at % (after.length + 1);
      after = after.slice(0, start) + insert.slice(0, 8) + after.slice(start + removeCount);
    }
    return [before, after] as const;
  });
