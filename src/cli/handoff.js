// Listening sockets survive restarts through Node's `cluster`: the supervisor is the primary,
// and a worker's `listen()` asks it for the socket (shared-handle scheduling: the primary
// creates and binds it, the worker gets the handle and accepts on it). The primary closes a
// socket when the last worker using it is gone, so a restart overlaps the two processes: the
// new one starts and listens on the same addresses (it gets the same socket, even for port 0),
// and only then is the old one stopped. Connections that arrive meanwhile wait in the socket's
// backlog and are accepted by whichever process is listening; the old one finishes the
// requests it has (see the graceful stop in src/runtime/supervised.js). No proxy, no
// connection refused, no reset.

/**
 * @typedef {import("./child.js").Child} Child
 * @typedef {"ready" | "exited"} Readiness
 */

/** After its entry evaluated, how long a new process may take to listen where the old one did. */
export const settleMs = 2000;
/** The most a restart waits for the new process before stopping the old one anyway. */
export const startBoundMs = 30_000;

/**
 * Whether a restart should overlap: only when the old process listens (else there is nothing to
 * keep, and two copies of a worker-style app must not run side by side).
 * @param {Child | undefined} old
 */
export function shouldOverlap(old) {
	return old !== undefined && old.alive && !old.stopping && old.listening.size > 0;
}

/**
 * Resolves "ready" once `next` listens on every address `old` listened on (or, if it listens
 * elsewhere now, once its entry evaluated and `settleMs` passed, or `startBoundMs`), "exited" if
 * it exits first (a crash while starting: the old process keeps serving).
 * @param {Child} next
 * @param {ReadonlySet<string> | Iterable<string>} addresses the old process's listening keys
 * @returns {Promise<Readiness>}
 */
export function whenReady(next, addresses) {
	const wanted = [...addresses];
	return new Promise(resolve => {
		/** @type {NodeJS.Timeout | undefined} */
		let settle;
		const bound = setTimeout(() => finish("ready"), startBoundMs);
		const check = () => {
			if (!next.alive) return finish("exited");
			if (wanted.every(key => next.listening.has(key))) return finish("ready");
			if (next.started && settle === undefined) settle = setTimeout(() => finish("ready"), settleMs);
		};
		/** @param {Readiness} result */
		const finish = result => {
			clearTimeout(bound);
			clearTimeout(settle);
			next.off("change", check);
			resolve(result);
		};
		next.on("change", check);
		check();
	});
}
