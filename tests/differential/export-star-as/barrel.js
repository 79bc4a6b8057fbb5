export * as ns from "./a.js";
