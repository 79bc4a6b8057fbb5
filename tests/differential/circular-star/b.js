export * from "./a.js";
export const fromB = 2;
