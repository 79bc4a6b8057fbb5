import { inc } from "./a.js";
export function bump() { inc(); inc(); }
