export * from "./r4.js";
