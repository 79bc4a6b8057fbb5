import "./dep.js";
console.log("never");
