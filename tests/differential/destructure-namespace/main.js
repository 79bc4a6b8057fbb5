import * as ns from "./m.js";
const { a, ...rest } = ns;
console.log(a, rest);
