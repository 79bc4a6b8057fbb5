export * from "./b.js";
export const fromA = 1;
