export function who() { return this === undefined ? "undefined" : "object"; }
export const obj = { who };
