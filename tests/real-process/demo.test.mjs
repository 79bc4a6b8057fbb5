// Drives the demo in examples/server/ (a copy of it, in a temp project): request, edit the
// route, the middleware, the state module and the server module itself, request again each time:
// the new code answers, the server kept its socket, the visit counter survived, and the state
// module's background timer was disposed on each reload (one running, never more).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { modes, root, Running, setup } from "../support/process.mjs";

const example = new URL("../../examples/server/", import.meta.url);
const files = Object.fromEntries(readdirSync(example).map(name => [name, readFileSync(new URL(name, example), "utf8")]));

for (const mode of modes) {
	test(`the demo server keeps its socket, counter and one timer while every module changes (--${mode})`, async t => {
		const { project, start } = setup(t, files);
		const running = start(mode, { env: { PORT: "0" } });
		const [, url] = await running.waitFor(/^\[demo\] listening on (http:\/\/127\.0\.0\.1:\d+\/)$/);
		await running.waitFor("[demo] edit examples/server/routes.js");
		/** @param {string} [path] */
		const request = async (path = "") => {
			const response = await fetch(new URL(path, url), { headers: { connection: "close" } });
			return { body: await response.text(), header: response.headers.get("x-powered-by") };
		};
		assert.deepEqual(await request(), { body: "Hello from dynohot! visits=1\n", header: "dynohot" });

		project.write("routes.js", files["routes.js"].replace("Hello from dynohot!", "Hello, edited route!"));
		await running.waitFor("[demo] new code is live");
		assert.deepEqual(await request(), { body: "Hello, edited route! visits=2\n", header: "dynohot" });

		project.write("middleware.js", files["middleware.js"].replace(`"dynohot"`, `"dynohot, edited"`));
		await running.waitFor("[demo] new code is live");
		assert.deepEqual(await request(), { body: "Hello, edited route! visits=3\n", header: "dynohot, edited" });

		// The state module re-executes in place and hands its state to the next instance; its
		// previous timer is stopped.
		for (let edit = 1; edit <= 3; edit++) {
			project.write("state.js", `${files["state.js"]}\n// edit ${edit}\n`);
			await running.waitFor(/^\[hot\] Loaded 1 new module, reevaluated 0 existing modules in \d+ms\.$/, { stream: "stderr" });
		}
		const stats = JSON.parse((await request("stats")).body);
		assert.equal(stats.visits, 4); // this request counts too
		assert.equal(stats.timers, 1);

		// The server module itself: re-executed with the same server (same URL, no new listen).
		project.write("main.js", files["main.js"].replace("state.visits++;", "state.visits += 10;"));
		await running.waitFor("[demo] main.js re-executed; the server kept its socket");
		assert.deepEqual(await request(), { body: "Hello, edited route! visits=14\n", header: "dynohot, edited" });
		assert.ok(!running.text().includes("EADDRINUSE"), running.output());
		assert.equal(running.text().match(/listening on/g)?.length, 1, running.output());
	});
}

test("npm run demo's command starts the demo from the repository root (dynohot resolves to this package)", async t => {
	// The script is `npm run build && node <args>`: run the node part (the build is what the
	// other tests already use), on a free port, without editing anything in the checkout.
	const script = JSON.parse(readFileSync(new URL("package.json", new URL("../../", import.meta.url)), "utf8")).scripts.demo;
	const command = /** @type {string} */ (script.split("&&").at(-1)).trim().split(/\s+/);
	assert.equal(command[0], "node", script);
	assert.ok(script.startsWith("npm run build &&"), script);
	const running = new Running(command.slice(1), { cwd: root, env: { PORT: "0" } });
	t.after(() => running.kill());
	const [, url] = await running.waitFor(/^\[demo\] listening on (http:\/\/127\.0\.0\.1:\d+\/)$/);
	const response = await fetch(/** @type {string} */ (url), { headers: { connection: "close" } });
	assert.equal(await response.text(), "Hello from dynohot! visits=1\n");
	assert.equal(response.headers.get("x-powered-by"), "dynohot");
	assert.ok(!running.text("stderr").includes("[hot]"), running.output());
});
