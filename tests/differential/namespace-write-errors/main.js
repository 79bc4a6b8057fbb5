import * as ns from "./x.js";
const attempts = [
	() => { ns.b = 1; },
	() => { ns.zz = 1; },
	() => { ns[Symbol.toStringTag] = 1; },
	() => { delete ns.b; },
	() => { delete ns.zz; },
	() => { Object.freeze(ns); },
	() => { Object.defineProperty(ns, "b", { value: 3 }); },
	() => { Object.defineProperty(ns, "b", { value: 2 }); },
	() => { Object.defineProperty(ns, "zz", { value: 2 }); },
	() => { Object.setPrototypeOf(ns, {}); },
	() => { Object.setPrototypeOf(ns, null); },
	() => { Object.assign(ns, { c: 1 }); },
];
for (const attempt of attempts) {
	try {
		attempt();
		console.log("no error");
	} catch (error) {
		console.log(error.constructor.name, error.message);
	}
}
console.log(Reflect.set(ns, "b", 1), Reflect.deleteProperty(ns, "b"), Reflect.defineProperty(ns, "b", { value: 9 }), Reflect.setPrototypeOf(ns, {}));
