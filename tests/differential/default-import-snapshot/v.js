export let v = 1;
export function bump() { v++; }
