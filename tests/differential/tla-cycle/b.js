import "./a.js";
await 0;
console.log("b");
