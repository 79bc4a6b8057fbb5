import { pB_start } from "./setup.js";
pB_start.resolve();
