// The demo: an HTTP server that survives reloads. Edit routes.js or middleware.js while it runs:
// the next request runs the new code, and the visit counter (kept in import.meta.hot.data) and
// the open server stay as they were.
import { createServer } from "node:http";
import { handle } from "./routes.js";
import { middleware } from "./middleware.js";
import { state } from "./state.js";

// Accepting our dependencies: editing them relinks `handle` and `middleware` to the new code,
// this module keeps running, and so does the server it created.
import.meta.hot?.accept(["./routes.js", "./middleware.js"], () => console.log("[demo] new code is live"));

const port = Number(process.env.PORT ?? 3000);
const server = createServer((request, response) => {
	state.visits++;
	middleware(request, response, () => handle(request, response, state));
});
server.listen(port, "127.0.0.1", () => {
	const { port: actual } = /** @type {import("node:net").AddressInfo} */ (server.address());
	console.log(`[demo] listening on http://127.0.0.1:${actual}/`);
	console.log("[demo] edit examples/server/routes.js or middleware.js and request again");
});
import.meta.hot?.dispose(() => server.close());
