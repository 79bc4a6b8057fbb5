import path, { join } from "node:path";
import process from "node:process";
import * as os from "node:os";
console.log(typeof path.join, join("a", "b"), typeof process.cwd, typeof os.platform);
