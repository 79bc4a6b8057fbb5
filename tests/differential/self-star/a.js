export * from "./a.js";
export const x = 1;
