import lib, { named } from "./lib.cjs";
import * as ns from "./lib.cjs";
console.log(lib, named, Object.keys(ns));
