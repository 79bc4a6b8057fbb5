export const me = "self";
const ns = await import("./other.js");
console.log(ns.viaMain);
