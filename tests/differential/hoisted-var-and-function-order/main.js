console.log(typeof f, v);
var v = 1;
function f() {}
console.log(typeof f, v);
