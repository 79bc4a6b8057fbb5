import { who, obj } from "./m.js";
console.log(who(), obj.who());
