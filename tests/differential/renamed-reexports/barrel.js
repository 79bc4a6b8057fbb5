export { foo as bar, default as x } from "./m.js";
import { c } from "./m.js";
export { c as cc };
