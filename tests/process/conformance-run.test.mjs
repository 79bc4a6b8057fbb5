// Real packages as first-party code: lodash-es, date-fns and three.js copied out of node_modules
// (so dynohot transforms all ~2,600 of their modules instead of adapting them), a
// program exercising each, run with plain `node` and under dynohot: the output must be identical.
// (The original dynohot crashes on date-fns and three.js and mis-links lodash-es re-exports.)
// rxjs is only in the transform conformance test: its ESM build uses extensionless specifiers
// that plain Node cannot resolve either.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { node, root } from "../helpers/process.mjs";

const program = `
import * as _ from "./lodash/lodash.js";
import { chunk, sortBy, groupBy, debounce } from "./lodash/lodash.js";
import { format, addDays, differenceInDays, parseISO } from "./datefns/index.js";
import * as THREE from "./three/Three.js";
console.log(JSON.stringify(chunk([1, 2, 3, 4, 5], 2)), sortBy([3, 1, 2]), JSON.stringify(groupBy([1.1, 2.3, 1.9], Math.floor)), typeof debounce);
console.log(Object.keys(_).length, _.camelCase("hot module reload"), _.default === undefined);
const day = parseISO("2024-01-15T12:00:00Z");
console.log(format(addDays(day, 3), "yyyy-MM-dd"), differenceInDays(addDays(day, 10), day));
const v = new THREE.Vector3(1, 2, 3).applyMatrix4(new THREE.Matrix4().makeRotationZ(Math.PI / 2));
console.log(v.toArray().map(x => x.toFixed(3)).join(","), Object.keys(THREE).length, new THREE.Color("#ff8800").getHexString());
`;

test("lodash-es, date-fns and three.js run as hot modules exactly as under plain node", t => {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-conformance-"));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	cpSync(join(root, "node_modules/lodash-es"), join(dir, "lodash"), { recursive: true });
	cpSync(join(root, "node_modules/date-fns"), join(dir, "datefns"), { recursive: true });
	cpSync(join(root, "node_modules/three/src"), join(dir, "three"), { recursive: true });
	writeFileSync(join(dir, "package.json"), `{ "type": "module" }\n`);
	writeFileSync(join(dir, "main.js"), program);
	const run = (/** @type {string[]} */ args) => spawnSync(node, [...args, "main.js"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
	const native = run([]);
	assert.equal(native.status, 0, native.stderr);
	const hot = run(["--import", new URL("../../loader.mjs", import.meta.url).href]);
	assert.equal(hot.stderr, native.stderr);
	assert.equal(hot.stdout, native.stdout);
	assert.equal(hot.status, 0);
});
