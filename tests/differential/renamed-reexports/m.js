export const foo = 'foo'; export const c = 'c'; export default 'dflt';
