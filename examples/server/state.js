// In-memory state that survives reloads of this module: it is handed to the next instance
// through import.meta.hot.data.
/** @type {{ visits: number, startedAt: string, ticks: number, timers: number }} */
export const state = import.meta.hot?.data?.state ?? { visits: 0, startedAt: new Date().toISOString(), ticks: 0, timers: 0 };

import.meta.hot?.dispose(data => {
	data.state = state;
});

// A background job, stopped when this instance is replaced so reloads never pile up timers
// (GET /stats shows how many are running: always 1).
const timer = setInterval(() => {
	state.ticks++;
}, 1000);
timer.unref();
state.timers++;
import.meta.hot?.dispose(() => {
	clearInterval(timer);
	state.timers--;
});

// Self-accepting: editing this file re-executes it in place; importers keep their bindings.
import.meta.hot?.accept();
