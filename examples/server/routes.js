// Route handlers. Edit a response and request again: no restart, the counter keeps counting.
/**
 * @param {import("node:http").IncomingMessage} request
 * @param {import("node:http").ServerResponse} response
 * @param {typeof import("./state.js").state} state
 */
export function handle(request, response, state) {
	if (request.url === "/stats") {
		response.setHeader("content-type", "application/json");
		response.end(`${JSON.stringify(state)}\n`);
		return;
	}
	response.setHeader("content-type", "text/plain");
	response.end(`Hello from dynohot! visits=${state.visits}\n`);
}
