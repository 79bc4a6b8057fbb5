const e = new Error("with props");
e.code = "E_CUSTOM";
throw e;
