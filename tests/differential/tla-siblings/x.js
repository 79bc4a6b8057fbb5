await 0; console.log("x");
