import { a } from "./m.js";
import { b } from "./m.js";
import * as ns from "./m.js";
import d from "./m.js";
console.log(a, b, d, ns.a);
