console.log("m once");
export const a = 1, b = 2;
export default "d";
