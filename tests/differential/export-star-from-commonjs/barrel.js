export * from "./lib.cjs";
export const own = 1;
