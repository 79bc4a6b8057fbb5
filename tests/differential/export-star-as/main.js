import { ns } from "./barrel.js";
console.log(ns.a, Object.keys(ns), ns[Symbol.toStringTag]);
