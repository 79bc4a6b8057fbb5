console.log("bad ran");
throw new Error("bad");
