import { me } from "./main.js";
export const viaMain = me;
