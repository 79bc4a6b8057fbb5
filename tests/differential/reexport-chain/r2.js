export { deep } from "./r3.js";
