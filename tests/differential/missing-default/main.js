import d from "./m.js";
console.log(d);
