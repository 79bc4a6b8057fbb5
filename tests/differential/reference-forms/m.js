export const x = "X";
export function fn() { return this === undefined ? "undefined this" : "has this"; }
export class K {}
export const obj = { x: "prop" };
