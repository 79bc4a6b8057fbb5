// Random module graphs (cycles, top-level await, throws, dynamic imports) from a seed, for
// comparing the runtime's evaluation order with V8's. Dynamic imports are awaited by the entry
// only: how many ticks loading a module takes is the host's business, not ECMA-262's.

/** mulberry32: a small deterministic PRNG. @param {number} seed */
export function random(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * @param {number} seed
 * @returns {Record<string, string>}
 */
export function randomGraph(seed) {
	const next = random(seed);
	const pick = (/** @type {number} */ n) => Math.floor(next() * n);
	const count = 2 + pick(6);
	const name = (/** @type {number} */ i) => (i === 0 ? "main.js" : `m${i}.js`);
	/** @type {Record<string, string>} */
	const files = {};
	for (let i = 0; i < count; i++) {
		/** @type {string[]} */
		const lines = [];
		const imports = [];
		for (let j = 1; j < count; j++) if (j !== i && next() < 0.45) imports.push(j);
		if (i !== 0 && next() < 0.05) imports.push(i);
		// Shuffle: request order is what the spec follows.
		for (let k = imports.length - 1; k > 0; k--) {
			const r = pick(k + 1);
			[imports[k], imports[r]] = [imports[r], imports[k]];
		}
		for (const j of imports) {
			const style = j === i ? 0 : pick(3);
			if (style === 0) lines.push(`import "./${name(j)}";`);
			else if (style === 1) lines.push(`import { f${j} } from "./${name(j)}";`);
			else lines.push(`import * as ns${j} from "./${name(j)}";`);
		}
		lines.push(`log("enter ${i}");`);
		// Hoisted functions are callable in a cycle before their module ran.
		for (const j of imports) if (lines.some(line => line.startsWith(`import { f${j} }`))) lines.push(`log("call", f${j}());`);
		const tla = pick(6);
		if (tla === 1) lines.push("await 0;");
		else if (tla === 2) lines.push("await 0; await 0; await 0;");
		else if (tla === 3) lines.push("await new Promise(resolve => setTimeout(resolve, 0));");
		else if (tla === 4) lines.push(`await null; log("mid ${i}"); await Promise.resolve();`);
		if (next() < 0.04) lines.push(`throw new Error("boom ${i}");`);
		if (i === 0 && next() < 0.4) {
			const target = 1 + pick(count - 1);
			lines.push(`const dynamic = await import("./${name(target)}"); log("dynamic", Object.keys(dynamic).join());`);
		}
		lines.push(`export const v${i} = ${i};`, `export function f${i}() { return ${i}; }`, `log("exit ${i}");`);
		files[name(i)] = lines.join("\n") + "\n";
	}
	return files;
}
