import "./tla.js";
console.log("main");
const later = await import("./later.js");
console.log("later", later.value);
