export const c = 3; export const a = 1; export const b = 2;
