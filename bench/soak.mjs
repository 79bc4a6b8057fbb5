// The soak, long form: the generated 200-module app of tests/support/soak.mjs under 1,000
// fixed-seed real file edits of every kind (saves, bursts, branch switches, truncate-then-write,
// write-and-rename, delete-and-recreate, syntax errors then fixes, identical rewrites, a deleted
// dependency restored), run by dynohot and by the original dynohot 1.2.1 on the same edits. After
// each batch of about 10 edits the app must settle on the files' last good content; RSS and heap
// (after GC, the app runs with --expose-gc) are read after edit 50 and after the last edit.
//
//   node bench/soak.mjs [--edits 1000] [--seed 7] [node binary …]   (default: this node)
//
// Needs the release addon (`npm run build`). Writes bench/SOAK.md.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { execFileSync } from "node:child_process";
import { SoakApp, SoakProcess, differences } from "../tests/support/soak.mjs";
import { dynohot } from "./package.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { edits: { type: "string", default: "1000" }, seed: { type: "string", default: "7" } },
});
const totalEdits = Number(values.edits);
const seed = Number(values.seed);
const nodes = positionals.length > 0 ? positionals : [process.execPath];
/**
 * A batch that has not settled after this long counts as not settled (the run goes on). Shorter
 * for the original, which stays stale after most batches: a full wait each would take an hour.
 */
const settleTimeouts = { dynohot: 15_000, original: 3_000 };

/**
 * @param {string} node
 * @param {"dynohot" | "original"} which
 */
async function soak(node, which) {
	const copy = dynohot();
	const app = new SoakApp({ seed, count: 200, packageRoot: copy });
	const loader = which === "dynohot" ? join(copy, "loader.mjs") : join(root, "node_modules/dynohot-js/dist/loader/register.js");
	const running = new SoakProcess(node, ["--no-warnings", "--expose-gc", "--import", loader], app.dir);
	const started = performance.now();
	/** @type {{ edits: number, rss: number, heapUsed: number } | undefined} */
	let early;
	let stale = 0;
	let settleMs = 0;
	let batches = 0;
	/** @type {string | undefined} */
	let firstStale;
	try {
		await running.ready();
		while (app.edits < totalEdits) {
			await app.batch(10);
			batches++;
			const result = await running.settle(app.expected(), settleTimeouts[which]);
			settleMs += result.ms;
			if (!result.settled) {
				stale++;
				firstStale ??= `after edit ${app.edits}: ${differences(result.state, app.expected())}`;
			}
			if (early === undefined && app.edits >= 50) early = { edits: app.edits, ...(await running.memory()) };
		}
		const late = { edits: app.edits, ...(await running.memory()) };
		const final = await running.state();
		const staleAtEnd = Object.keys(app.expected().ran).filter(key => final.ran[key] !== app.expected().ran[key]).length;
		return {
			which,
			early,
			late,
			stale,
			staleAtEnd,
			batches,
			firstStale,
			kinds: app.kinds,
			seconds: (performance.now() - started) / 1000,
			settleMs: settleMs / batches,
		};
	} finally {
		await running.kill();
		app.dispose();
	}
}

const mb = (/** @type {number} */ bytes) => (bytes / 1024 / 1024).toFixed(1);
const growth = (/** @type {number} */ a, /** @type {number} */ b) => `${b >= a ? "+" : ""}${(((b - a) / a) * 100).toFixed(0)}%`;

const rows = [];
/** @type {string[]} */
const notes = [];
for (const node of nodes) {
	const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
	for (const which of /** @type {const} */ (["dynohot", "original"])) {
		console.log(`${version} ${which}…`);
		const result = await soak(node, which).catch(error => ({ which, error: String(error).split("\n")[0] }));
		if ("error" in result) {
			rows.push(`| ${version} | ${which} | fails: ${result.error} | | | | | |`);
			continue;
		}
		const { early, late } = result;
		if (early === undefined) throw new Error("fewer than 50 edits");
		rows.push(
			`| ${version} | ${which === "original" ? "original dynohot 1.2.1" : "dynohot"} | ${mb(early.heapUsed)} → ${mb(late.heapUsed)} MB (${growth(early.heapUsed, late.heapUsed)}) | ${mb(early.rss)} → ${mb(late.rss)} MB (${growth(early.rss, late.rss)}) | ${result.stale} of ${result.batches} | ${result.staleAtEnd} | ${result.settleMs.toFixed(0)} ms | ${result.seconds.toFixed(0)} s |`,
		);
		if (result.firstStale !== undefined)
			notes.push(`- ${version}, ${which}: first batch not settled within ${settleTimeouts[which] / 1000} s ${result.firstStale.split("\n")[0]}`);
		notes.push(`- ${version}, ${which}: memory read after edit ${early.edits} and edit ${late.edits}; operations: ${JSON.stringify(result.kinds)}`);
		console.log(rows.at(-1));
	}
}

const report = `# Soak

\`node bench/soak.mjs --edits ${totalEdits} --seed ${seed} ${nodes.length > 1 ? "<node …>" : ""}\`: the 200-module app of
\`tests/support/soak.mjs\` (2-4 importers per module, a quarter self-accepting, the entry accepting
its ten imports) under ${totalEdits} real file edits with seed ${seed}, the same edits for both tools. Heap and RSS after
GC (\`--expose-gc\`), read after edit 50 and after the last edit. "Batches not settled": batches
after which the app did not run the files' last good content within ${settleTimeouts.dynohot / 1000} s (the original: ${settleTimeouts.original / 1000} s); "stale at the end":
modules running other code than their file's last good content after the last batch.

| Node | tool | heap after GC | RSS | batches not settled | stale at the end | mean settle time | run |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

${notes.join("\n")}
`;
writeFileSync(new URL("SOAK.md", import.meta.url), report);
console.log(report);
