import * as ns from "./m.js";
console.log(ns.constructor, ns[Symbol.iterator], typeof ns, ns instanceof Object, Object.getPrototypeOf(ns) === null);
