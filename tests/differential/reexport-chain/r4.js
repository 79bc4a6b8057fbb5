export { v as deep } from "./r5.js";
