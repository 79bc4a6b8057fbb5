console.log(import.meta.filename?.endsWith("main.js"), import.meta.dirname === process.cwd(), typeof require);
