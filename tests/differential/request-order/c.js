console.log("c");
export const z = 1;
