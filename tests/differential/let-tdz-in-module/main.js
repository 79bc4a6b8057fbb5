try { console.log(x); } catch (e) { console.log(e.constructor.name, e.message); }
let x = 1;
