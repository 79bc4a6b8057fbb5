import { nope } from "./m.js";
console.log(nope);
