import * as ns from "./d.json" with { type: "json" };
console.log(Object.keys(ns), ns.default.k);
