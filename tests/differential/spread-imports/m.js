export const arr = [1, 2, 3];
export const obj = { a: 1, b: 2 };
