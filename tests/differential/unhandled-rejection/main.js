console.log("start");
Promise.reject(new Error("unhandled"));
