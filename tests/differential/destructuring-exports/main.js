import { a, c, d } from "./m.js";
console.log(a, c, d);
