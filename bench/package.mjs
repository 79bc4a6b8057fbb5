// The dynohot the benchmarks measure: a private copy of the package (loader, runtime, the native
// addon) taken once at the start, so that a rebuild in the shared working tree during a run
// (`npm run build:debug` swaps in a ~15x slower debug addon) cannot change what is timed. The copy
// must hold a release build of the addon: a debug one is refused. DYNOHOT_BENCH_ADDON=<path to a
// built .node or .so> takes the addon from there instead of the working tree's.
import { cpSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** @type {string | undefined} */
let copy;

/** The copy's directory (made on the first call): `loader.mjs`, `native.cjs`, `src/`, the addon. */
export function dynohot() {
	if (copy !== undefined) return copy;
	const dir = mkdtempSync(join(tmpdir(), "dynohot-bench-package-"));
	const addons = readdirSync(root).filter(name => name.endsWith(".node"));
	if (addons.length === 0) throw new Error("no native addon: run `npm run build` (release) first");
	for (const name of ["package.json", "loader.mjs", "register.mjs", "native.cjs", "src/native.js", "src/constants.js", "src/loader", "src/runtime", ...addons]) {
		cpSync(join(root, name), join(dir, name), { recursive: true });
	}
	const override = process.env.DYNOHOT_BENCH_ADDON;
	if (override) for (const name of addons) cpSync(override, join(dir, name));
	for (const name of addons) assertRelease(join(dir, name));
	copy = dir;
	return dir;
}

/**
 * A debug build has `.debug_*` ELF sections; a release build (`strip = "symbols"`) has none.
 * Checked on Linux, where the benchmarks run; other formats are trusted.
 * @param {string} path
 */
function assertRelease(path) {
	const elf = readFileSync(path);
	if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2) return;
	const sections = Number(elf.readBigUInt64LE(0x28));
	const size = elf.readUInt16LE(0x3a);
	const count = elf.readUInt16LE(0x3c);
	const names = Number(elf.readBigUInt64LE(sections + elf.readUInt16LE(0x3e) * size + 0x18));
	for (let i = 0; i < count; i++) {
		const name = names + elf.readUInt32LE(sections + i * size);
		if (elf.toString("latin1", name, elf.indexOf(0, name)).startsWith(".debug_")) {
			throw new Error(`${path} is a debug build: run \`npm run build\` (release) before benchmarking`);
		}
	}
}
