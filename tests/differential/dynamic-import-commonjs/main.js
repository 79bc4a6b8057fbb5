const m = await import("./lib.cjs");
console.log(m.default, m.x);
