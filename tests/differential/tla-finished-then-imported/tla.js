await new Promise(resolve => setTimeout(resolve, 1));
console.log("tla done");
export const x = 1;
