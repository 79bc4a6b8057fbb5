export const dup = 2; export const onlyB = 2;
