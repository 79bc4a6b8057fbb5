export { v } from "./v.js";
