import { "a-b" as ab, "s t" as st } from "./m.js";
import * as ns from "./m.js";
console.log(ab, st, Object.keys(ns));
