// café: a Latin-1 byte in a comment
const s = "café";
console.log(s, s.length, s.charCodeAt(3).toString(16));
