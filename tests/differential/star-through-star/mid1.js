export * from "./leaf.js";
export const m1 = 1;
