export const v = "computed specifier";
