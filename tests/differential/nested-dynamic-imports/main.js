console.log("main start");
const a = await import("./a.js");
console.log("main", a.v);
