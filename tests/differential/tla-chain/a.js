import { w } from "./b.js";
console.log("a", w);
export const v = w + 1;
