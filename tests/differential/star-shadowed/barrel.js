export * from "./a.js";
export * from "./b.js";
export const dup = "explicit";
