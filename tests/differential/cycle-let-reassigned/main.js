import { get } from "./a.js";
console.log(get());
