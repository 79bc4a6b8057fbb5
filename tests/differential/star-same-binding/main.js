import { v } from "./barrel.js";
console.log(v);
