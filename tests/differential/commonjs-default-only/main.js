import f from "./f.cjs";
console.log(typeof f, f());
