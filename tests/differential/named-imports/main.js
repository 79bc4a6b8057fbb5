import { a, b as c } from "./lib.js";
console.log(a, c);
