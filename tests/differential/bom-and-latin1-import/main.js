import { s } from "./dep.js";
console.log(s, s.length, [...s].map(c => c.codePointAt(0).toString(16)).join(" "));
console.log(new Error("here").stack.split("\n")[1].replace(/.*\//, ""));
