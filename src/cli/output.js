// What the supervisor prints: `[hot] ...` lines on stderr (the runtime's prefix: one voice for
// the user), or with `--json` one JSON object per event on stderr, for editors and frameworks.

/**
 * @typedef {{ event: string, [key: string]: unknown }} Event
 */

export class Output {
	/**
	 * @param {{ json: boolean, quiet: boolean, clear: boolean }} options
	 * @param {NodeJS.WritableStream & { isTTY?: boolean }} [stream]
	 */
	constructor(options, stream = process.stderr) {
		this.options = options;
		this.stream = stream;
	}

	/**
	 * An event: a JSON line with `--json`, else `text` as one `[hot]` line (unless `--quiet` and
	 * the event needs no action from the user).
	 * @param {Event} event
	 * @param {string | undefined} text
	 * @param {{ important?: boolean }} [how] important: printed under `--quiet` too
	 */
	emit(event, text, how = {}) {
		if (this.options.json) {
			this.stream.write(`${JSON.stringify({ ...event, time: new Date().toISOString() })}\n`);
		} else if (text !== undefined && (!this.options.quiet || how.important === true)) {
			this.stream.write(`[hot] ${text}\n`);
		}
	}

	/** Text the child formatted already (a runtime message), under `--quiet` only. */
	/** @param {string} text */
	raw(text) {
		if (!this.options.json) this.stream.write(`[hot] ${text}\n`);
	}

	clearScreen() {
		if (this.options.clear && !this.options.json && process.stdout.isTTY) process.stdout.write("\x1b[2J\x1b[3J\x1b[H");
	}
}
