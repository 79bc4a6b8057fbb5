import * as ns from "./barrel.js";
console.log(Object.keys(ns), ns.a);
