import d, { default as d2 } from "./barrel.js";
import { x } from "./barrel2.js";
console.log(d, d2, x);
