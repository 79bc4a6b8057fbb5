import * as ns from "./a.js";
import { fromB } from "./a.js";
console.log(Object.keys(ns), fromB);
