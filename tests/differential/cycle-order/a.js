import "./b.js";
console.log("a");
export const a = 1;
