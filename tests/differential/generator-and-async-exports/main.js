import { g, ag } from "./m.js";
console.log([...g()], (await ag().next()).value);
