//! Names the shells, the loader and the runtime must agree on. The JavaScript side's copies are in
//! `src/constants.js`; the test below fails when the two differ.

macro_rules! shared {
    ($($(#[doc = $doc:literal])* $name:ident = $value:literal;)*) => {
        $($(#[doc = $doc])* pub const $name: &str = $value;)*
        /// Every shared constant with its name, for the test against `src/constants.js`.
        #[cfg(test)]
        const ALL: &[(&str, &str)] = &[$((stringify!($name), $name)),*];
    };
}

shared! {
    /// `globalThis[Symbol.for(RUNTIME_SYMBOL_KEY)]` is the runtime as shells see it.
    RUNTIME_SYMBOL_KEY = "dynohot";
    /// The import attribute that carries dynohot's request protocol.
    HOT_ATTRIBUTE = "hot";
    /// `hot` of a static import from a shell or the `hot:main` shim.
    HOT_IMPORT = "import";
    /// `hot` payload of the runtime's `import()` on a hot module's behalf.
    HOT_EXPRESSION = "expression";
    /// `hot` payload of the runtime reloading a module.
    HOT_RELOAD = "reload";
    /// `hot` of a resolved request whose format no resolver reported.
    HOT_UNKNOWN_FORMAT = "hot";
    /// The specifier of the runtime module.
    RUNTIME_SPECIFIER = "hot:runtime";
    /// The URL the program entry is redirected to.
    MAIN_SPECIFIER = "hot:main";
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use swc_common::BytePos;
    use swc_ecma_ast::{Decl, Expr, Lit, ModuleDecl, ModuleItem, Pat};
    use swc_ecma_parser::{Parser, StringInput, Syntax};

    /// `SCREAMING_SNAKE` → `camelCase`, the JavaScript spelling of a constant's name.
    fn camel(name: &str) -> String {
        let mut out = String::new();
        for (i, word) in name.split('_').enumerate() {
            let lower = word.to_ascii_lowercase();
            if i == 0 {
                out.push_str(&lower);
            } else {
                out.push_str(&lower[..1].to_ascii_uppercase());
                out.push_str(&lower[1..]);
            }
        }
        out
    }

    /// The string constants `src/constants.js` exports (parsed, not pattern-matched), and the
    /// names of its other exports.
    fn javascript() -> (BTreeMap<String, String>, Vec<String>) {
        let text = include_str!("constants.js");
        let input = StringInput::new(text, BytePos(1), BytePos(1 + text.len() as u32));
        let module = Parser::new(Syntax::Es(Default::default()), input, None)
            .parse_module()
            .expect("src/constants.js parses");
        let (mut strings, mut others) = (BTreeMap::new(), Vec::new());
        for item in module.body {
            let ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) = item else {
                continue;
            };
            let Decl::Var(var) = export.decl else {
                panic!("src/constants.js exports only constants");
            };
            for declarator in var.decls {
                let Pat::Ident(name) = declarator.name else {
                    panic!("src/constants.js exports only plain names");
                };
                match declarator.init.as_deref() {
                    Some(Expr::Lit(Lit::Str(value))) => {
                        let value = value.value.to_string_lossy().into_owned();
                        strings.insert(name.id.sym.to_string(), value);
                    }
                    _ => others.push(name.id.sym.to_string()),
                }
            }
        }
        (strings, others)
    }

    #[test]
    fn rust_and_javascript_constants_agree() {
        let (javascript, others) = javascript();
        let rust: BTreeMap<String, String> = super::ALL
            .iter()
            .map(|(name, value)| (camel(name), value.to_string()))
            .collect();
        assert_eq!(rust, javascript, "src/constants.rs vs src/constants.js");
        // Derived from the shared strings, not strings of their own.
        assert_eq!(others, ["runtimeSymbol"]);
    }
}
