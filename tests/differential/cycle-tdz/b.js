import { late } from "./a.js";
console.log(late);
