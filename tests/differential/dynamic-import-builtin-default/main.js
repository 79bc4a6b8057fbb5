const { default: fs, readFileSync } = await import("node:fs");
console.log(typeof fs.readFileSync, fs.readFileSync === readFileSync);
