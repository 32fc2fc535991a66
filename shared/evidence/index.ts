/** Evidence at the table (issue 13): legal floors as data, clause checks and the impact arithmetic. */
export * from "./dataset";
export * from "./floorsInForce";
export * from "./quantities";
export * from "./clauseChecks";
export * from "./payTerms";
export * from "./impact";
