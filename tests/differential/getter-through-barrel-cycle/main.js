import { a, b } from "./barrel.js";
console.log(a, b);
