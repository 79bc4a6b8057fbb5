// Drives the demo in examples/server/ (a copy of it): request, edit the route and the middleware,
// request again: the new code answers, the server and the visit counter survived.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { setup } from "../helpers/process.mjs";

const example = new URL("../../examples/server/", import.meta.url);
const files = Object.fromEntries(readdirSync(example).map(name => [name, readFileSync(new URL(name, example), "utf8")]));

test("the demo server keeps its state and socket while routes and middleware change", async t => {
	const { project, start } = setup(t, files);
	const running = start("import", { env: { ...process.env, PORT: "0" } });
	const [, url] = await running.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+\/)/);
	const request = async () => {
		const response = await fetch(url, { headers: { connection: "close" } });
		return { body: await response.text(), header: response.headers.get("x-powered-by") };
	};
	assert.deepEqual(await request(), { body: "Hello from dynohot! visits=1\n", header: "dynohot" });
	project.write("routes.js", files["routes.js"].replace("Hello from dynohot!", "Hello, edited route!"));
	await running.waitFor("[demo] new code is live");
	assert.deepEqual(await request(), { body: "Hello, edited route! visits=2\n", header: "dynohot" });
	project.write("middleware.js", files["middleware.js"].replace(`"dynohot"`, `"dynohot, edited"`));
	await running.waitFor("[demo] new code is live");
	assert.deepEqual(await request(), { body: "Hello, edited route! visits=3\n", header: "dynohot, edited" });
	// The state module re-executes in place and hands its state to the next instance.
	project.write("state.js", files["state.js"] + "\n// edited\n");
	await running.waitFor(/^\[hot\] Loaded 1 new module/);
	assert.deepEqual(await request(), { body: "Hello, edited route! visits=4\n", header: "dynohot, edited" });
});
