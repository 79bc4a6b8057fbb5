export const maybe = undefined;
export const obj = { a: { b: 2 }, f() { return "f"; } };
