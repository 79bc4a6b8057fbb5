import { x } from "./m.js";
class C { static y; static { C.y = x + 1; } }
console.log(C.y);
