export function* g() { yield 1; yield 2; }
export async function* ag() { yield 'a'; }
