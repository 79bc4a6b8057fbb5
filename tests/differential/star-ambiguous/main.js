import { dup } from "./barrel.js";
console.log(dup);
