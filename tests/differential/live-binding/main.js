import { count, inc } from "./counter.js";
console.log(count); inc(); inc(); console.log(count);
