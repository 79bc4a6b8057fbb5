import * as ns from "./barrel.js";
import { bar, x, cc } from "./barrel.js";
console.log(bar, x, cc, Object.keys(ns));
