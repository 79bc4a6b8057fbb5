import * as ns from "./barrel.js";
console.log(Object.keys(ns), "dup" in ns);
