import { x } from "./m.js";
const o = { get g() { return x; }, set s(v) { this.v = v + x; } };
o.s = 1;
console.log(o.g, o.v);
