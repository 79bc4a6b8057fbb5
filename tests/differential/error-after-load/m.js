export function f() { throw new EvalError("later"); }
