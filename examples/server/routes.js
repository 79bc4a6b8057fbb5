// Route handlers. Edit a response and request again: no restart, the counter keeps counting.
/**
 * @param {import("node:http").IncomingMessage} request
 * @param {import("node:http").ServerResponse} response
 * @param {{ visits: number }} state
 */
export function handle(request, response, state) {
	if (request.url === "/health") {
		response.end("ok\n");
		return;
	}
	response.setHeader("content-type", "text/plain");
	response.end(`Hello from dynohot! visits=${state.visits}\n`);
}
