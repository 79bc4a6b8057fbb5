try { await import("./a.js"); } catch (e) { console.log("a", e.message); }
try { await import("./b.js"); } catch (e) { console.log("b", e.message); }
