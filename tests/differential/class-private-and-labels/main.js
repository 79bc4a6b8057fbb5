import { x } from "./m.js";
class A { #x = x; get() { return this.#x; } }
let count = 0;
outer: while (true) { count++; break outer; }
console.log(new A().get(), count);
