export async function load() { await null; return "loaded"; }
