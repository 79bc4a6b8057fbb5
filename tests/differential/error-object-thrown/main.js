import "./dep.js";
