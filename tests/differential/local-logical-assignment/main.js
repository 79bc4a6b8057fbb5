import { x } from "./m.js";
let y = null;
y ??= x;
let z = 0;
z ||= x;
console.log(y, z);
