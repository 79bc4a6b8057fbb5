let first;
try { await import("./bad.js"); } catch (e) { first = e; console.log("first", e.message); }
try { await import("./bad.js"); } catch (e) { console.log("same", e === first); }
