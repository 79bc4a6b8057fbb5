import d from "./m.js";
import { default as e } from "./m.js";
console.log(d, e);
