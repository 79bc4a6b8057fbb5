import "./b.js";
export const late = 1;
