export * from "./r2.js";
