// The soak, short form (the long one is bench/soak.mjs): a generated app of 200 modules (several
// importers each, a quarter self-accepting, the entry accepting its ten direct imports) and a
// fixed-seed sequence of at least 200 real file edits: ordinary saves 10-50 ms apart, bursts of
// saves, branch switches, truncate-then-write, write-and-rename, delete-and-recreate, a syntax
// error then its fix, identical rewrites, a dependency deleted then restored while its importer
// is edited. After each batch settles, the app's state (which version of each module ran last,
// and the entry's live bindings) equals the files' last good content: no lost update, nothing
// stale. One mode per run keeps it within a minute or so on a loaded machine; the seed (and so
// the edits) differ between the modes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SoakApp, SoakProcess, differences } from "../support/soak.mjs";
import { node, root } from "../support/process.mjs";

/** Edits per batch, and the least number of edits in the run. */
const batchSize = 10;
const minimumEdits = 300;
/** How long a batch may take to settle (an update of 150 modules, on a slow debug build). */
const settleTimeout = 30_000;

for (const [mode, seed] of /** @type {const} */ ([
	["import", 13],
	["loader", 31],
])) {
	test(
		`--${mode}: ${minimumEdits}+ edits of every kind in a 200-module app: after each batch the app runs the files' last good content`,
		{ timeout: 300_000 },
		async t => {
			const app = new SoakApp({ seed, count: 200, packageRoot: root });
			const running = new SoakProcess(node, ["--no-warnings", `--${mode}`, "dynohot"], app.dir);
			t.after(async () => {
				await running.kill();
				app.dispose();
			});
			await running.ready();
			assert.deepEqual(await running.state(), app.expected(), "the first state");
			let batches = 0;
			while (app.edits < minimumEdits) {
				await app.batch(batchSize);
				batches++;
				const { settled, state } = await running.settle(app.expected(), settleTimeout);
				assert.ok(settled, `batch ${batches} (edits up to ${app.edits}) did not settle:\n${differences(state, app.expected())}\n${running.tail()}`);
			}
			// Every kind of edit ran at least once.
			assert.equal(Object.keys(app.kinds).length, 9, JSON.stringify(app.kinds));
			// Updates applied, and none was refused or failed inside dynohot.
			const hotLines = running.lines.filter(line => line.startsWith("[hot]"));
			assert.ok(
				hotLines.some(line => /^\[hot\] Loaded \d+ new modules?/.test(line)),
				running.tail(),
			);
			assert.ok(
				!hotLines.some(line => /not accepted|fatal|internal/i.test(line)),
				hotLines.filter(line => /not accepted|fatal|internal/i.test(line)).join("\n"),
			);
			t.diagnostic(`${app.edits} edits in ${batches} batches: ${JSON.stringify(app.kinds)}`);
		},
	);
}
