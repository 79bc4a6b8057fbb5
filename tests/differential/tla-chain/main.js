import { v } from "./a.js";
console.log("main", v);
