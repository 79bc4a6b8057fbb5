export const x = 100;
