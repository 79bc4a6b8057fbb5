// The benches' one way to wait for a child's numbered output line (`v3`, `mark=3`): a promise per
// number, rejected with `describe()` after `timeout` ms.

/**
 * @param {import("node:stream").Readable} stdout
 * @param {RegExp} pattern its first group is the number
 * @param {(number: number) => string} describe the error message when the line does not come
 * @param {number} timeout ms
 * @returns {(number: number) => Promise<void>}
 */
export function numberedLines(stdout, pattern, describe, timeout) {
	/** @type {(number: number) => void} */
	let seen = () => {};
	let buffer = "";
	stdout.on("data", chunk => {
		buffer += chunk;
		const lines = buffer.split("\n");
		buffer = lines.pop() ?? "";
		for (const line of lines) {
			const match = pattern.exec(line);
			if (match) seen(Number(match[1]));
		}
	});
	return number =>
		new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(describe(number))), timeout);
			seen = n => {
				if (n === number) {
					clearTimeout(timer);
					resolve();
				}
			};
		});
}
