console.log("y");
