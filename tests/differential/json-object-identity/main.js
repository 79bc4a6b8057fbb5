import a from "./d.json" with { type: "json" };
import { get } from "./other.js";
console.log(a === get(), a.nested.x);
