export async function f() { await 0; }
console.log("a sync");
