import { pA_start } from "./setup.js";
pA_start.resolve();
