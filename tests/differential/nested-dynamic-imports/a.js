console.log("a start");
const b = await import("./b.js");
export const v = b.v + 1;
console.log("a end");
