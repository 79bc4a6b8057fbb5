import "./a.js";
throw new Error("cycle boom");
