console.log("b");
export const v = 1;
