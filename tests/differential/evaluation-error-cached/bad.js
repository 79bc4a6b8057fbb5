console.log("bad runs");
throw new Error("boom");
