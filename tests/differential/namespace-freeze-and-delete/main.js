import * as ns from "./m.js";
try { Object.freeze(ns); console.log("frozen"); } catch (e) { console.log(e.constructor.name); }
console.log(Reflect.deleteProperty(ns, "a"), Reflect.deleteProperty(ns, "nope"), Reflect.set(ns, "a", 1), Reflect.defineProperty(ns, "z", { value: 1 }));
