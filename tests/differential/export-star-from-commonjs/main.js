import * as ns from "./barrel.js";
import { named } from "./barrel.js";
console.log(named, Object.keys(ns));
