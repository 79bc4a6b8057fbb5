import * as ns from "./m.js";
console.log(Object.keys(ns).length, ns.e199);
