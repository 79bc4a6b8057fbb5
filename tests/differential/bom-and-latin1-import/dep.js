export const s = "ιβ‚!ν €";
