const name = "m";
const m = await import(`./${name}.js`);
const n = await import("./" + "m.js");
console.log(m.v, m === n);
