import "./a-sentinel.js";
import "./b.js";
