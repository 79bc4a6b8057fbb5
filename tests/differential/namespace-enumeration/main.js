import * as ns from "./m.js";
const keys = [];
for (const k in ns) keys.push(k);
console.log(keys, Object.entries(ns), JSON.stringify(ns), { ...ns }, Object.assign({}, ns), Object.getOwnPropertyNames(ns));
