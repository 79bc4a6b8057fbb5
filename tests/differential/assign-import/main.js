import { x } from "./x.js";
try { x = 2; } catch (e) { console.log(e.constructor.name, e.message); }
try { ({ x } = { x: 3 }); } catch (e) { console.log(e.constructor.name, e.message); }
try { x++; } catch (e) { console.log(e.constructor.name, e.message); }
console.log(x);
