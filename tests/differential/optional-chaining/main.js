import { maybe, obj } from "./m.js";
console.log(maybe?.a, obj?.a?.b, maybe?.(), obj.f?.());
