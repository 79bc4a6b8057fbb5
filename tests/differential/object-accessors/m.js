export const x = 10;
