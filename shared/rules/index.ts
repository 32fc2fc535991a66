/** Pure domain rules of collective bargaining, each module citing its legal source. */
export * from "./config";
export * from "./deadlines";
export * from "./representation";
export * from "./ratification";
export * from "./delegation";
