import * as ns from "./top.js";
console.log(Object.keys(ns));
