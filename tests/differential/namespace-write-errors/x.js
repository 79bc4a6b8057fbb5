export const b = 2; export let c;
