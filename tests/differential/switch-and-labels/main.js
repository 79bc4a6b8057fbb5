import { mode } from "./m.js";
block: { switch (mode) { case "a": console.log("a"); break block; default: console.log("other"); } }
console.log("after");
