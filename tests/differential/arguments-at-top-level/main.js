// A module has no `arguments`: at the top level (and in top-level arrows) it is an unresolvable
// reference, answered by the global object if it has the property.
const arrow = () => typeof arguments;
console.log(typeof arguments, typeof (arguments), arrow());
try {
	console.log(arguments);
} catch (error) {
	console.log(error.constructor.name, error.message);
}
function own() { return arguments.length; }
console.log(own(1, 2, 3));
globalThis.arguments = "global";
console.log(typeof arguments, arguments, (() => arguments)(), { arguments });
