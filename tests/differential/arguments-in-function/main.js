import { x } from "./m.js";
function f() { return arguments.length + x; }
console.log(f(1, 2));
