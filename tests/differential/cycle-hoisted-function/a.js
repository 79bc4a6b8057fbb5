import { useB } from "./b.js";
export function fromA() { return "hoisted A"; }
console.log("a", useB());
