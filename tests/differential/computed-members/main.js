import { key, table } from "./m.js";
console.log(table[key], { [key]: 1 });
