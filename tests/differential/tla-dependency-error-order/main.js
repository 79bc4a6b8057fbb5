import "./ok.js";
import "./bad.js";
console.log("never");
