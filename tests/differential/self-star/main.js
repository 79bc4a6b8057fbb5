import * as ns from "./a.js";
console.log(Object.keys(ns));
