// test262's top-level-await/rejection-order.js: b awaits, a imports b, b rejects. The order in
// which the two import() promises reject is ECMA-262's AsyncModuleExecutionRejected order, which
// changed in the 2026 edition (own capability first, then the importers): Node 26 prints B then A,
// Node 20-24 A then B; dynohot must print what the node it runs on prints.
import { p1, pA_start, pB_start } from "./setup.js";

const logs = [];
const imports = Promise.all([
	// a is evaluated after b started.
	pB_start.promise.then(() => import("./a.js").finally(() => logs.push("A"))).catch(error => logs.push(`a: ${error}`)),
	import("./b.js").finally(() => logs.push("B")).catch(error => logs.push(`b: ${error}`)),
]);
Promise.all([pA_start.promise, pB_start.promise]).then(() => p1.reject("boom"));
await imports;
console.log(logs.join("\n"));
