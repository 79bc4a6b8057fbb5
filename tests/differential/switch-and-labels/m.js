export const mode = "a";
