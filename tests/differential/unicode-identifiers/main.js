import { ñ, 変数, $dollar, _under } from "./m.js";
console.log(ñ, 変数, $dollar, _under);
