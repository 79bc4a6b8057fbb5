// In-memory state that survives reloads of this module: it is handed to the next instance
// through import.meta.hot.data.
/** @type {{ visits: number, startedAt: string, lastTick?: number }} */
export const state = import.meta.hot?.data?.state ?? { visits: 0, startedAt: new Date().toISOString() };

import.meta.hot?.dispose(data => {
	data.state = state;
});

// A background job, stopped when this instance is replaced so reloads never pile up timers.
const timer = setInterval(() => {
	state.lastTick = Date.now();
}, 1000);
timer.unref();
import.meta.hot?.dispose(() => clearInterval(timer));
import.meta.hot?.accept();
