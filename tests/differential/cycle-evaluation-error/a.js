import "./b.js";
export const a = 1;
