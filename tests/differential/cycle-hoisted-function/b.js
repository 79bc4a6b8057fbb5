import { fromA } from "./a.js";
console.log("b", fromA());
export function useB() { return "B"; }
