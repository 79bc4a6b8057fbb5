import "./x.js";
import "./y.js";
import "./z.js";
console.log("main");
