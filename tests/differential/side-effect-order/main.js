import "./a.js";
import {} from "./b.js";
import "./c.js";
console.log("main");
