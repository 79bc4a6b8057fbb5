export * from "./v.js";
