import f from "./f.js"; import k from "./k.js"; import a from "./a.js"; import n from "./n.js"; import e from "./e.js";
console.log(f.name, k.name, a.name, n.name, e);
