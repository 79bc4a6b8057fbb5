try { await import("./nope.js"); } catch (e) { console.log(e.code); }
