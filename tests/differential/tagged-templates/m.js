export function tag(strings, ...values) { return strings.raw.join("|") + values.join(",") + (this === undefined); }
