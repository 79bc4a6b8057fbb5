import { v, f } from "./b.js";
export const fromA = 1;
