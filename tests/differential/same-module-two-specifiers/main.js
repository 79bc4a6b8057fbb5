import { n } from "./sub/m.js";
import { n as n2 } from "./sub/../sub/m.js";
console.log(n, n2);
