import { deep } from "./r1.js";
console.log(deep);
