// The other Node lines we support, installed from the npm registry's `node` package into
// .cache/node-<major>/ on first use (the package ships the official binary). Set
// DYNOHOT_NODE_LINES="" to skip them (for a quick local run), or to a list like "22,24".
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The exact versions tested; bump deliberately. */
export const supportedLines = { 22: "22.23.3", 24: "24.21.0", 26: "26.10.0" };

/** @returns {{ major: number, version: string, node: string }[]} */
export function nodeLines() {
	const wanted = (process.env.DYNOHOT_NODE_LINES ?? Object.keys(supportedLines).join(","))
		.split(",")
		.map(s => s.trim())
		.filter(Boolean)
		.map(Number);
	return wanted.map(major => {
		const version = supportedLines[/** @type {22|24|26} */ (major)];
		if (version === undefined) throw new Error(`No pinned version for Node ${major}`);
		const prefix = `${root}.cache/node-${major}`;
		const node = `${prefix}/node_modules/node/bin/node`;
		const stamp = `${prefix}/node_modules/node/package.json`;
		if (!existsSync(node) || JSON.parse(readFileSync(stamp, "utf8")).version !== version) {
			console.log(`Installing node@${version} into ${prefix}`);
			execFileSync("npm", ["install", "--no-save", "--no-package-lock", "--prefix", prefix, `node@${version}`], { stdio: "inherit" });
		}
		return { major, version, node };
	});
}
