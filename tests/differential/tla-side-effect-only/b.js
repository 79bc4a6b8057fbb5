await 0;
console.log("b");
