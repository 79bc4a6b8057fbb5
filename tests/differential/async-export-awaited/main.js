import { load } from "./m.js";
console.log(await load());
