import "./a.js";
export var v = "var";
export function f() {}
console.log(typeof f, v);
