import K from "./k.js";
console.log(typeof K.name, K.name());
