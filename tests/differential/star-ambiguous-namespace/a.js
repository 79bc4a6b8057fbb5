export const dup = 1; export const onlyA = 1;
