import { arr, obj } from "./m.js";
console.log([...arr, 4], { ...obj, c: 3 }, Math.max(...arr));
