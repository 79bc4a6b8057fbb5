// Middleware: a header on every response. Swapped without restarting the server.
/**
 * @param {import("node:http").IncomingMessage} request
 * @param {import("node:http").ServerResponse} response
 * @param {() => void} next
 */
export function middleware(request, response, next) {
	response.setHeader("x-powered-by", "dynohot");
	next();
}
