// Real packages as first-party code: lodash-es, date-fns, rxjs and three.js copied out of
// node_modules (so dynohot transforms all ~2,900 of their modules instead of adapting them), a
// program exercising each, run with plain `node` and under dynohot: the output must be identical.
// (The original dynohot 1.2.1 also gets this program right, on Node 20.20 and 24.21, at 4-9x the
// startup time: see bench/RESULTS.md.)
// rxjs's ESM build uses extensionless relative specifiers (written for bundlers), which Node
// resolves for nobody: the copy gets them spelled out (`./x` → `./x.js` or `./x/index.js`), the
// only change made to any package file; its one bare import, `tslib`, stays in node_modules.
// The dynohot run carries the hot probe (tests/support/hot-probe.mjs): every one of those modules
// must have reached Node as a dynohot shell, so identical output cannot come from a loader that
// did nothing.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { assertHot, probeURL, readProbe } from "../support/hot-probe.mjs";
import { node, root } from "../support/process.mjs";

const program = `
import * as _ from "./lodash/lodash.js";
import { chunk, sortBy, groupBy, debounce } from "./lodash/lodash.js";
import { format, addDays, differenceInDays, parseISO } from "./datefns/index.js";
import * as THREE from "./three/Three.js";
import { BehaviorSubject, Subject, combineLatest, from, lastValueFrom, of } from "./rxjs/index.js";
import { filter, map, reduce, scan, switchMap, take } from "./rxjs/operators/index.js";
console.log(JSON.stringify(chunk([1, 2, 3, 4, 5], 2)), sortBy([3, 1, 2]), JSON.stringify(groupBy([1.1, 2.3, 1.9], Math.floor)), typeof debounce);
console.log(Object.keys(_).length, _.camelCase("hot module reload"), _.default === undefined);
const day = parseISO("2024-01-15T12:00:00Z");
console.log(format(addDays(day, 3), "yyyy-MM-dd"), differenceInDays(addDays(day, 10), day));
const v = new THREE.Vector3(1, 2, 3).applyMatrix4(new THREE.Matrix4().makeRotationZ(Math.PI / 2));
console.log(v.toArray().map(x => x.toFixed(3)).join(","), Object.keys(THREE).length, new THREE.Color("#ff8800").getHexString());
const seen = [];
const subject = new Subject();
subject.pipe(scan((sum, x) => sum + x, 0), filter(x => x % 2 === 1)).subscribe(x => seen.push(x));
[1, 2, 3, 4, 5].forEach(x => subject.next(x));
const state = new BehaviorSubject("a");
combineLatest([state, of(1, 2)]).pipe(map(([s, n]) => s + n), take(3)).subscribe(x => seen.push(x));
state.next("b");
of(1, 2).pipe(switchMap(n => from([n, n * 10]))).subscribe(x => seen.push(x));
console.log(JSON.stringify(seen), await lastValueFrom(from([1, 2, 3, 4]).pipe(map(x => x * x), reduce((a, b) => a + b))));
`;

/**
 * Copies rxjs's ESM build, spelling out its extensionless relative specifiers.
 * @param {string} from
 * @param {string} to
 */
function copyRxjs(from, to) {
	cpSync(from, to, { recursive: true });
	/** @param {string} dir */
	const walk = dir => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (entry.name.endsWith(".js")) {
				const source = readFileSync(path, "utf8");
				const fixed = source.replace(/((?:from|import)\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, (_, keyword, quote, specifier) => {
					const target = resolve(dirname(path), specifier);
					const spelled = existsSync(`${target}.js`) ? `${specifier}.js` : existsSync(join(target, "index.js")) ? `${specifier}/index.js` : specifier;
					return `${keyword}${quote}${spelled}${quote}`;
				});
				if (fixed !== source) writeFileSync(path, fixed);
			}
		}
	};
	walk(to);
}

test("lodash-es, date-fns, rxjs and three.js run as hot modules exactly as under plain node", t => {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-conformance-"));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	cpSync(join(root, "node_modules/lodash-es"), join(dir, "lodash"), { recursive: true });
	cpSync(join(root, "node_modules/date-fns"), join(dir, "datefns"), { recursive: true });
	cpSync(join(root, "node_modules/three/src"), join(dir, "three"), { recursive: true });
	copyRxjs(join(root, "node_modules/rxjs/dist/esm"), join(dir, "rxjs"));
	mkdirSync(join(dir, "node_modules"));
	symlinkSync(join(root, "node_modules/tslib"), join(dir, "node_modules/tslib"), "dir");
	writeFileSync(join(dir, "package.json"), `{ "type": "module" }\n`);
	writeFileSync(join(dir, "main.js"), program);
	// Both runs carry the probe (pass-through hooks), so each says which modules it loaded.
	const run = (/** @type {string[]} */ args, /** @type {string} */ probe) =>
		spawnSync(node, [...args, "--import", probeURL, "main.js"], {
			cwd: dir,
			encoding: "utf8",
			timeout: 60_000,
			env: { ...process.env, DYNOHOT_TEST_PROBE: join(dir, probe) },
		});
	const native = run([], "native.jsonl");
	assert.equal(native.status, 0, native.stderr);
	const hot = run(["--import", new URL("../../loader.mjs", import.meta.url).href], "hot.jsonl");
	assert.equal(hot.stderr, native.stderr);
	assert.equal(hot.stdout, native.stdout);
	assert.equal(hot.status, 0);
	const dirURL = `${pathToFileURL(dir).href}/`;
	const hotLoads = readProbe(join(dir, "hot.jsonl"));
	assertHot(hotLoads, dirURL, "main.js");
	// Every module the program loads natively, and no other, ran as a shell.
	const firstParty = (/** @type {string} */ url) => url.startsWith(dirURL) && !url.includes("/node_modules/");
	const nativeModules = readProbe(join(dir, "native.jsonl"))
		.map(load => load.url)
		.filter(firstParty);
	const hotModules = hotLoads
		.filter(load => load.rewritten && /[?&]hot=0$/.test(load.url))
		.map(load => load.url.replace(/[?&]hot=0$/, ""))
		.filter(firstParty);
	assert.ok(nativeModules.length > 1000, `the native run loaded only ${nativeModules.length} modules`);
	assert.deepEqual([...new Set(hotModules)].sort(), [...new Set(nativeModules)].sort());
	t.diagnostic(`${hotModules.length} modules ran as dynohot shells`);
});
