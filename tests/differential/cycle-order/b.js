import "./a.js";
console.log("b");
