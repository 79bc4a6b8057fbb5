export const leaf = "l";
