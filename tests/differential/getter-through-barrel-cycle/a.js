import { b } from "./barrel.js";
export const a = "a";
