import data from "./d.json" with { type: "json" };
const dyn = await import("./d.json", { with: { type: "json" } });
console.log(data, dyn.default === data, Object.keys(dyn));
