await null;
console.log("b");
export const w = 1;
