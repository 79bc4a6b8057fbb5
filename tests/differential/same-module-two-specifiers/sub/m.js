console.log("evaluated once");
export const n = 1;
