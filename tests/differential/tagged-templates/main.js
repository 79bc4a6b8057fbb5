import { tag } from "./m.js";
console.log(tag`a${1}b${2}`);
