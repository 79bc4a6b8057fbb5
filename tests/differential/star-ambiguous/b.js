export const dup = 2;
