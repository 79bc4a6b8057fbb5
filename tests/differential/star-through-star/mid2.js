export * from "./leaf.js";
export const m2 = 2;
