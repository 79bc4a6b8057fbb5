import { items } from "./m.js";
function* g() { yield* items; }
console.log([...g()]);
