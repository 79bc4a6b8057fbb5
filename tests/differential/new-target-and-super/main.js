import { Base } from "./m.js";
class D extends Base { constructor() { super(); this.t = new.target.name; } hi() { return super.hi() + "!"; } }
const d = new D();
console.log(d.t, d.hi());
