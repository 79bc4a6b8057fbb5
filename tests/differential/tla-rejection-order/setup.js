// Promise.withResolvers, which Node 20 lacks.
const withResolvers = () => {
	let resolve, reject;
	const promise = new Promise((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
};
export const p1 = withResolvers();
export const pA_start = withResolvers();
export const pB_start = withResolvers();
