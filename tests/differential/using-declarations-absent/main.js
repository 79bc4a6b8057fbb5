const log = [];
{ const x = 1; log.push(x); }
console.log(log);
