export { default as x } from "./m.js";
