import { url } from "./sub/m.js";
console.log(import.meta.url.endsWith("/main.js"), url.endsWith("/sub/m.js"), import.meta.resolve("./x.js").endsWith("/x.js"), typeof import.meta.filename);
