export const key = "k";
export const table = { k: "found" };
