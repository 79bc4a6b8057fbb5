import { count, inc } from "./m.js";
const read = () => count;
const before = read();
inc();
console.log(before, read());
