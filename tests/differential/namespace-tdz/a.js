import * as b from "./b.js";
export const ready = true;
