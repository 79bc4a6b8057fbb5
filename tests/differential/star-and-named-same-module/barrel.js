export * from "./m.js";
export { a } from "./m.js";
