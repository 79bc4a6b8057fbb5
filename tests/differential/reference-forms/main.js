import { x, fn, K, obj } from "./m.js";
const short = { x };
function withDefault(a = x) { return a; }
class C extends K { field = x; static s = x; m() { return x; } [x] = 1; }
x: for (let i = 0; i < 1; i++) { continue x; }
const t = (() => typeof x)();
function shadow(x) { return x; }
const { x: renamed } = { x: "d" };
console.log(short, withDefault(), new C().field, C.s, new C().m(), t, shadow("s"), renamed, fn(), obj.x, `${x}`);
