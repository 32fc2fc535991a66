/** The comparison of agreement versions: pure, used by the compare route, the DOCX redline and the browser. */
export { compareAgreements, type AgreementComparison, type ClauseChange, type ClauseComparison, type TopicSummary } from "./compareAgreements";
export { changedFigures, extractFigures, type Figure, type FigureChange } from "./figures";
export { segmentChinese } from "./segmentChinese";
export { diffClauseText, type DiffPart, type DiffPartKind } from "./textDiff";
