import { bump } from "./b.js";
export let counter = 0;
bump();
export const get = () => counter;
export function inc() { counter++; }
