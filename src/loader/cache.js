// The persistent transform cache: a shell made once is read back on the next start instead of
// transformed again. An entry is found by a key that covers everything the shell depends on (the
// source bytes, the module URL, every transform option, dynohot's version and the addon build),
// so an edited file, other options or another build is a different key and never a stale hit.
//
// - Where: `$DYNOHOT_CACHE_DIR`, else `node_modules/.cache/dynohot` in the nearest directory above
//   the working directory that has a `package.json`, if it has a `node_modules` folder (else no
//   cache). `DYNOHOT_CACHE=0`: off.
// - Shared by processes: an entry is written to a temp file and renamed over its name, so a
//   reader sees a whole entry or none; every entry checks its own length and checksum, so a
//   truncated or corrupted file is a miss (and is rewritten).
// - Bounded: `DYNOHOT_CACHE_MAX_MB` (default 256). A process that writes sums the directory once
//   (in the background) and counts what it adds; past the bound, the oldest written entries are
//   removed down to 80% of it. Processes writing at once may overshoot until one of them prunes.
// - `DYNOHOT_CACHE_DEBUG=1` prints `dynohot cache: hit|miss|write|evict …` lines on stderr.
import * as crypto from "node:crypto";
import { mkdirSync, readFileSync, rename, renameSync, statSync, unlink, writeFile, writeFileSync, writeSync } from "node:fs";
import { readdir, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { isMainThread } from "node:worker_threads";
import { native } from "../native.js";
import { runtimeSymbol } from "../constants.js";

/** @typedef {Parameters<typeof native.transform>[2]} Options */
/** @typedef {ReturnType<typeof native.transform>} Result */

/** Bumped when the entry format or the key's recipe changes. */
const format = "dynohot-cache-1";
const env = process.env;
const debug = env.DYNOHOT_CACHE_DEBUG === "1";
const maxBytes = megabytes(env.DYNOHOT_CACHE_MAX_MB) * 1024 * 1024;

/** @param {string | undefined} setting */
function megabytes(setting) {
	const value = setting === undefined || setting === "" ? NaN : Number(setting);
	return Number.isFinite(value) && value >= 0 ? value : 256;
}

/** @param {string} line */
function log(line) {
	// Straight to fd 2: on Node 20 this runs in the hooks worker, whose piped stderr may be lost at exit.
	try {
		writeSync(2, `dynohot cache: ${line}\n`);
	} catch {}
}

/** The cache directory, or undefined when the cache is off or has no home. */
function directory() {
	if (env.DYNOHOT_CACHE === "0") return undefined;
	if (env.DYNOHOT_CACHE_DIR) return env.DYNOHOT_CACHE_DIR;
	for (let dir = process.cwd(); ; dir = dirname(dir)) {
		if (statSync(join(dir, "package.json"), { throwIfNoEntry: false })?.isFile()) {
			// Only where node_modules is already there: a package without dependencies (a fixture,
			// a script folder) does not get a node_modules folder made for it.
			return statSync(join(dir, "node_modules"), { throwIfNoEntry: false })?.isDirectory() ? join(dir, "node_modules", ".cache", "dynohot") : undefined;
		}
		if (dirname(dir) === dir) return undefined;
	}
}

/**
 * What identifies this dynohot: the package version and the addon file that was loaded (path,
 * size, mtime), so a rebuilt addon never reads its predecessor's shells.
 */
function build() {
	const require = createRequire(import.meta.url);
	const version = /** @type {{ version: string }} */ (require("../../package.json")).version;
	const addon = Object.keys(require.cache).find(path => /[/\\]dynohot[^/\\]*\.node$/.test(path));
	const stats = addon === undefined ? undefined : statSync(addon, { throwIfNoEntry: false });
	return JSON.stringify([format, version, native.version(), addon, stats?.size, stats?.mtimeMs]);
}

/**
 * Options as canonical JSON: keys sorted at every level, so `{ a, b }` and `{ b, a }` are one key.
 * @param {unknown} value
 * @returns {string}
 */
function canonical(value) {
	if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
	if (value !== null && typeof value === "object") {
		const record = /** @type {Record<string, unknown>} */ (value);
		const keys = Object.keys(record)
			.filter(key => record[key] !== undefined)
			.sort();
		return `{${keys.map(key => `${JSON.stringify(key)}:${canonical(record[key])}`).join(",")}}`;
	}
	return JSON.stringify(value) ?? "null";
}

/**
 * Whether the shell would depend on a file other than the source: a source map read from a
 * `sourceMappingURL` file next to the module (an inline `data:` map is part of the source).
 * @param {string | Buffer} source
 * @param {Options} options
 */
function readsOtherFiles(source, options) {
	if (options?.sourceMap === false) return false;
	const at = source.lastIndexOf("sourceMappingURL=");
	if (at === -1) return false;
	const value = typeof source === "string" ? source.slice(at + 17, at + 22) : source.toString("latin1", at + 17, at + 22);
	return value !== "data:";
}

/**
 * A digest in one call (`crypto.hash`, Node >= 20.12: no Hash object per call), else the classic way.
 * @param {string} algorithm
 * @param {string | Buffer} data
 * @param {"hex" | "base64url"} encoding
 * @returns {string}
 */
function digest(algorithm, data, encoding) {
	return crypto.hash === undefined ? crypto.createHash(algorithm).update(data).digest(encoding) : crypto.hash(algorithm, data, encoding);
}

/** Catches a truncated or damaged entry (not an attacker: whoever can write the cache can write node_modules). @param {Buffer} data */
const checksum = data => digest("sha1", data, "base64url");

/** @type {Map<string, string>} options as the loader passed them → their canonical text (few shapes per process) */
const canonicalOptions = new Map();

const dir = directory();
const identity = dir === undefined ? "" : build();
let writable = dir !== undefined;
let madeDirectory = false;
/** Whether any module was found in the cache by this process (then its imports are likely there too). */
let warm = false;

/**
 * `native.transform`, through the cache. The options are the transform's own; `prefetch` is only
 * a hint (it changes when the work is done, not the shell) and is not part of the key.
 * @param {string | Buffer} source
 * @param {string} url
 * @param {NonNullable<Options>} options
 * @returns {Result}
 */
export function transform(source, url, options) {
	// In the runtime's own thread (registerHooks), the runtime takes the fingerprint of the bytes
	// loaded from here instead of reading the file again (docs/ARCHITECTURE.md §3 "Reloads"):
	// only for a module that watches its own file (no other loader asked to watch others).
	const runtime = /** @type {{ loaded?: (url: string, fingerprint: string) => void } | undefined} */ (/** @type {any} */ (globalThis)[runtimeSymbol]);
	const fingerprint = dir !== undefined || runtime?.loaded !== undefined ? digest("sha256", source, "base64url") : "";
	if (runtime?.loaded !== undefined && (options.watch === undefined || options.watch.length === 0)) runtime.loaded(url, fingerprint);
	if (dir === undefined || readsOtherFiles(source, options)) return native.transform(source, url, options);
	const { prefetch, ...keyed } = options;
	const given = JSON.stringify(keyed);
	let optionsText = canonicalOptions.get(given);
	if (optionsText === undefined) canonicalOptions.set(given, (optionsText = canonical(keyed)));
	const key = digest("sha256", `${identity}\0${url}\0${optionsText}\0${fingerprint}`, "hex");
	const file = join(dir, key);
	const hit = read(file, key);
	if (hit !== undefined) {
		warm = true;
		if (debug) log(`hit ${url}`);
		return hit;
	}
	if (debug) log(`miss ${url}`);
	// With a warm cache, what this module imports is most likely cached too: transforming it
	// ahead on the prefetch thread would be work thrown away.
	const result = native.transform(source, url, { ...options, prefetch: prefetch === true && !warm });
	if (result.errors.length === 0) write(file, key, url, result);
	return result;
}

/**
 * An entry: one header line `<format> <key> <code bytes> <code checksum> <other fields as JSON>`,
 * then the code.
 * @param {string} file
 * @param {string} key
 * @returns {Result | undefined} undefined for a missing, truncated, corrupted or foreign entry
 */
function read(file, key) {
	/** @type {Buffer} */
	let bytes;
	try {
		bytes = readFileSync(file);
	} catch {
		return undefined;
	}
	const end = bytes.indexOf(10);
	if (end === -1) return undefined;
	const header = bytes.toString("utf8", 0, end);
	const [magic, entryKey, length, sum, ...rest] = header.split(" ");
	if (magic !== format || entryKey !== key || Number(length) !== bytes.length - end - 1) return undefined;
	const code = bytes.subarray(end + 1);
	if (checksum(code) !== sum) return undefined;
	try {
		return { ...JSON.parse(rest.join(" ")), code: code.toString("utf8"), errors: [] };
	} catch {
		return undefined;
	}
}

/**
 * Writes an entry in the background: a temp file renamed over the entry's name.
 * @param {string} file
 * @param {string} key
 * @param {string} url
 * @param {Result} result
 */
function write(file, key, url, result) {
	if (!writable) return;
	if (!madeDirectory) {
		try {
			mkdirSync(/** @type {string} */ (dir), { recursive: true });
			madeDirectory = true;
		} catch {
			writable = false;
			if (debug) log(`cannot create ${dir}`);
			return;
		}
	}
	const { code, errors: _errors, ...fields } = result;
	const body = Buffer.from(code, "utf8");
	const header = Buffer.from(`${format} ${key} ${body.length} ${checksum(body)} ${JSON.stringify(fields)}\n`, "utf8");
	const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
	const data = Buffer.concat([header, body]);
	if (!isMainThread) {
		// In Node 20's hooks worker: the worker is stopped when the program ends, which would cut a
		// background write short, so the entry is written before the hook returns.
		try {
			writeFileSync(temp, data);
			renameSync(temp, file);
			if (debug) log(`write ${url}`);
			settled(undefined, data.length);
		} catch {
			settled(temp);
		}
		return;
	}
	// On the main thread, in the background (the event loop waits for it before the process ends).
	writeFile(temp, data, error => {
		if (error) return settled(temp);
		rename(temp, file, renameError => {
			if (!renameError && debug) log(`write ${url}`);
			settled(renameError ? temp : undefined, renameError ? 0 : data.length);
		});
	});
}

/**
 * @param {string | undefined} leftover a temp file to remove
 * @param {number} [size] the bytes an entry added
 */
function settled(leftover, size = 0) {
	if (leftover !== undefined) unlink(leftover, () => {});
	added += size;
	if (scanned === undefined) {
		// The first write of this process: how much is there already, found in the background.
		scanned = measure().then(total => {
			known = total;
			check();
		});
	}
	check();
}

/** Bytes in the directory when this process first looked (undefined: not known yet). @type {number | undefined} */
let known;
/** Bytes this process wrote since. */
let added = 0;
/** @type {Promise<void> | undefined} */
let scanned;
let pruning = false;

function check() {
	if (known === undefined || pruning || known + added <= maxBytes) return;
	pruning = true;
	void prune().finally(() => {
		pruning = false;
		// Entries written while it ran may have gone past the bound again.
		check();
	});
}

/**
 * The entries of the directory (temp files a crashed process left are removed after an hour).
 * @returns {Promise<{ path: string, size: number, time: number }[]>}
 */
async function list() {
	const now = Date.now();
	const names = await readdir(/** @type {string} */ (dir)).catch(() => []);
	const found = await Promise.all(
		names.map(async name => {
			const path = join(/** @type {string} */ (dir), name);
			const stats = await stat(path).catch(() => undefined);
			if (stats === undefined || !stats.isFile()) return undefined;
			if (name.endsWith(".tmp")) {
				if (now - stats.mtimeMs > 3600_000) await rm(path, { force: true });
				return undefined;
			}
			return { path, size: stats.size, time: stats.mtimeMs };
		}),
	);
	return found.filter(entry => entry !== undefined);
}

async function measure() {
	return (await list()).reduce((sum, entry) => sum + entry.size, 0);
}

/**
 * Brings the directory under 80% of its bound, oldest written first (so the bound is met again
 * only after a fifth of it has been written anew). Another process pruning at the same time
 * removes some of the same files: harmless.
 */
async function prune() {
	const counted = added;
	const entries = (await list()).sort((a, b) => a.time - b.time);
	let total = entries.reduce((sum, entry) => sum + entry.size, 0);
	let evicted = 0;
	for (const entry of entries) {
		if (total <= maxBytes * 0.8) break;
		await rm(entry.path, { force: true });
		total -= entry.size;
		evicted++;
	}
	// What was written after the listing is still counted (what was written during it, twice).
	known = total;
	added -= counted;
	if (debug && evicted > 0) log(`evict ${evicted} entries, ${total} bytes left`);
}

/** The addon with its `transform` going through the cache: what the load hook calls. */
export const cachedNative = { ...native, transform };
