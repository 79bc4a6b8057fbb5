import * as a from "./m.js";
import * as b from "./m.js";
import { ns } from "./re.js";
const c = await import("./m.js");
console.log(a === b, a === c, a === ns);
