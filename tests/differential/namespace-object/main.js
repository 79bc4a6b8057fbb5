import * as ns from "./m.js";
console.log(Object.prototype.toString.call(ns), Object.keys(ns), Object.isExtensible(ns), Object.isFrozen(ns), "b" in ns, "zz" in ns, Object.getPrototypeOf(ns));
console.log(JSON.stringify(Object.getOwnPropertyDescriptor(ns, "a")));
try { ns.a = 5; } catch (e) { console.log(e.constructor.name); }
try { delete ns.a; } catch (e) { console.log(e.constructor.name); }
try { ns.newProp = 1; } catch (e) { console.log(e.constructor.name); }
console.log(ns.a);
