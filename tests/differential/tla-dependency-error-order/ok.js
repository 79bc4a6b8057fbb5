await 0;
console.log("ok ran");
