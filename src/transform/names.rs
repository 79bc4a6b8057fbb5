//! The names the shell introduces (the holder of imports, the generator's parameters, the default
//! export's local, …). They share one prefix that no identifier in the module starts with, so
//! they can never capture or shadow user code.

use std::collections::HashSet;

use swc_ecma_ast::{Ident, Module};
use swc_ecma_visit::{Visit, VisitWith};

pub struct Names {
    pub holder: String,
    pub meta: String,
    pub dynamic_import: String,
    pub default: String,
    pub bind: String,
    pub acquire: String,
    pub controller: String,
    pub module: String,
    pub dependency: String,
    pub arguments: String,
}

impl Names {
    /// Names for a parsed module: picked from the text alone where that is enough, else from
    /// every identifier of the AST.
    pub fn for_module(text: &str, module: &Module) -> Self {
        Self::for_text(text).unwrap_or_else(|| {
            let mut collector = NameCollector::default();
            module.visit_with(&mut collector);
            Self::pick(&collector.names)
        })
    }

    /// Names picked from the text alone: an identifier starting with the prefix would contain
    /// it in the text, unless spelled with a `\u` escape (then `None`: ask the AST).
    fn for_text(text: &str) -> Option<Self> {
        if text.contains("\\u") {
            return None;
        }
        let mut prefix = "_$".to_string();
        let mut n = 1;
        while text.contains(prefix.as_str()) {
            prefix = format!("_${n}");
            n += 1;
        }
        Some(Self::with_prefix(&prefix))
    }

    /// Names avoiding every name in `used` (empty for a JSON module, whose shell has no user
    /// code).
    pub fn pick(used: &HashSet<swc_atoms::Atom>) -> Self {
        let mut prefix = "_$".to_string();
        let mut n = 1;
        while used.iter().any(|name| name.starts_with(prefix.as_str())) {
            prefix = format!("_${n}");
            n += 1;
        }
        Self::with_prefix(&prefix)
    }

    fn with_prefix(prefix: &str) -> Self {
        let name = |base: &str| format!("{prefix}{base}");
        Names {
            holder: name("h"),
            meta: name("meta"),
            dynamic_import: name("import"),
            default: name("default"),
            bind: name("bind"),
            acquire: name("runtime"),
            controller: name("controller"),
            module: name("module"),
            dependency: name("d"),
            arguments: name("arguments"),
        }
    }
}

/// Collects every identifier name in the module, so generated names can avoid them all.
#[derive(Default)]
struct NameCollector {
    names: HashSet<swc_atoms::Atom>,
}

impl Visit for NameCollector {
    fn visit_ident(&mut self, ident: &Ident) {
        self.names.insert(ident.sym.clone());
    }
}
