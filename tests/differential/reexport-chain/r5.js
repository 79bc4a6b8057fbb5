export const v = "five deep";
