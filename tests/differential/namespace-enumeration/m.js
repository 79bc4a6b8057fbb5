export const b = 2, a = 1;
export function c() {}
