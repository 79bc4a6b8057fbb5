import { f } from "./m.js";
setTimeout(() => f(), 1);
console.log("loaded");
