const m = await import("./m.js");
const fs = await import("node:fs");
console.log(m.value, typeof fs.readFileSync, Object.keys(m), m[Symbol.toStringTag]);
const again = await import("./m.js");
console.log(again === m);
