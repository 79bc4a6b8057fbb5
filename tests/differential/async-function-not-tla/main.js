import "./a.js";
console.log("main");
