import "./b.js";
await 0;
console.log("a");
