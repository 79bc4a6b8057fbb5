await 0; await 0; console.log("z");
