console.log("a start");
await new Promise(r => setTimeout(r, 10));
console.log("a end");
