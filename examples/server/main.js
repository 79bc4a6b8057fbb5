// The demo: an HTTP server that survives reloads. Edit routes.js, middleware.js, state.js or this
// file while it runs: the next request runs the new code, and the open server and the visit
// counter (kept in import.meta.hot.data) stay as they were.
import { createServer } from "node:http";
import { handle } from "./routes.js";
import { middleware } from "./middleware.js";
import { state } from "./state.js";

/** @type {import("node:http").Server} the previous instance's server, or a new one on the first run */
const server = import.meta.hot?.data?.server ?? createServer();

/**
 * This instance's request listener; the next instance of this module installs its own.
 * @param {import("node:http").IncomingMessage} request
 * @param {import("node:http").ServerResponse} response
 */
function onRequest(request, response) {
	state.visits++;
	middleware(request, response, () => handle(request, response, state));
}
server.on("request", onRequest);

if (server.listening) {
	console.log("[demo] main.js re-executed; the server kept its socket");
} else {
	const port = Number(process.env.PORT ?? 3000);
	server.listen(port, "127.0.0.1", () => {
		const { port: actual } = /** @type {import("node:net").AddressInfo} */ (server.address());
		console.log(`[demo] listening on http://127.0.0.1:${actual}/`);
		console.log("[demo] edit examples/server/routes.js (the response), middleware.js (a header),");
		console.log("[demo] state.js or main.js, save, and request again: no restart, the counter keeps counting");
	});
}

// Accepting our dependencies: editing routes.js or middleware.js relinks `handle` and
// `middleware` to the new code; this module is not re-executed.
import.meta.hot?.accept(["./routes.js", "./middleware.js"], () => console.log("[demo] new code is live"));

// Self-accepting: editing this file re-executes it in place, handing the server to the next
// instance instead of closing it.
import.meta.hot?.dispose(data => {
	server.off("request", onRequest);
	data.server = server;
});
import.meta.hot?.accept();
