#!/usr/bin/env node
// `npx dynohot [options] [node options] main.js [app arguments]`: see src/cli/.
import { main } from "../src/cli/main.js";

main(process.argv.slice(2));
