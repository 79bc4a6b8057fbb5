export const { a, b: [c, ...d] } = { a: 1, b: [2, 3, 4] };
