try { await import("./d.json"); } catch (e) { console.log(e.code); }
