import { v } from "./v.js";
export default v;
export { bump } from "./v.js";
