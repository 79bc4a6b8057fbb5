export * from "./m.js";
