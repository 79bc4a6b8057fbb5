import d, { bump } from "./reexport.js";
import { v } from "./v.js";
bump();
console.log(d, v);
