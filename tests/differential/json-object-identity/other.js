import d from "./d.json" with { type: "json" };
export const get = () => d;
