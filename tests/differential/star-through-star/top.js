export * from "./mid1.js";
export * from "./mid2.js";
