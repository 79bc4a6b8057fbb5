try { await import("./dep.js"); } catch (e) { console.log(typeof e, e); }
