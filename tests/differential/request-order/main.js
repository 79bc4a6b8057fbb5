export * from "./a.js";
import "./b.js";
export { z } from "./c.js";
console.log("main");
