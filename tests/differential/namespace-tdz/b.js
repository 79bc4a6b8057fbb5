import * as a from "./a.js";
try { console.log(a.ready); } catch (e) { console.log(e.constructor.name, e.message); }
console.log(Object.keys(a));
