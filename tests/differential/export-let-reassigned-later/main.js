import { later, set } from "./m.js";
console.log(later);
set();
console.log(later);
