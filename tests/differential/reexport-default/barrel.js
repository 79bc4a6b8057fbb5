export { default } from "./m.js";
