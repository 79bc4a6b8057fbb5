import "./b-sentinel.js";
import { p1 } from "./setup.js";
await p1.promise;
