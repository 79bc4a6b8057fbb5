import { x } from "./tla.js";
export const value = x + 1;
