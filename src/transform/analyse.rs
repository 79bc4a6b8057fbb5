//! Step 2 of the pipeline: the module-level analysis. Module requests (in source order, one per
//! specifier + attributes) and their bindings, local exports, the early errors of module syntax,
//! and the edits that remove import/export syntax from the text.

use std::collections::{HashMap, HashSet};

use swc_common::{Spanned, SyntaxContext};
use swc_ecma_ast::*;
use swc_ecma_visit::VisitWith;

use super::edits::Edits;
use super::model::{Binding, Request};
use super::names::Names;
use super::parse::Parsed;
use super::syntax::*;
use crate::diagnostic::Diagnostic;

/// Imported locals (by resolved identity) → their name, which is also their key on the holder.
pub type Imports = HashMap<Id, String>;

/// What the later steps need to know about the module.
pub struct Analysis {
    pub requests: Vec<Request>,
    pub imports: Imports,
    /// Exported name → local binding name.
    pub local_exports: Vec<(String, String)>,
    /// Statements that must run when the generator starts (before the first `yield`).
    pub header: String,
    pub edits: Edits,
}

/// How a local name was imported.
#[derive(Clone)]
enum Imported {
    Named { request: usize, name: String },
    Star { request: usize },
}

struct Analyser<'a> {
    text: &'a str,
    requests: Vec<Request>,
    request_index: HashMap<(String, Vec<(String, String)>), usize>,
    imports: HashMap<Id, (String, Imported)>,
    /// Exported name → local binding name.
    local_exports: Vec<(String, String)>,
    exported_names: HashSet<String>,
    edits: Edits,
    /// The first early error found (offset, message), as V8 reports only the first. Kept raw: a
    /// diagnostic indexes the whole text's lines, and a file with thousands of errors (a
    /// generated file exporting one name many times) must not cost that thousands of times.
    error: Option<(usize, String)>,
}

/// Analyses the parsed module; the first early error is the `Err`.
pub fn analyse(
    text: &str,
    url: &str,
    parsed: &Parsed,
    names: &Names,
) -> Result<Analysis, Diagnostic> {
    let mut analyser = Analyser {
        text,
        requests: Vec::new(),
        request_index: HashMap::new(),
        imports: HashMap::new(),
        local_exports: Vec::new(),
        exported_names: HashSet::new(),
        edits: Edits::default(),
        error: None,
    };
    let mut header = String::new();
    analyser.collect(&parsed.module, names, parsed.unresolved, &mut header);
    if let Some((offset, message)) = analyser.error.take() {
        return Err(Diagnostic::syntax_error(url, text, offset, message));
    }
    // A hashbang is only valid at offset 0, where the shell's preamble goes: keep it as a comment.
    if parsed.module.shebang.is_some() {
        analyser.edits.replace(0, 2, "//");
    }
    Ok(Analysis {
        imports: analyser
            .imports
            .into_iter()
            .map(|(id, (local, _))| (id, local))
            .collect(),
        requests: analyser.requests,
        local_exports: analyser.local_exports,
        header,
        edits: analyser.edits,
    })
}

impl Analyser<'_> {
    fn error(&mut self, offset: usize, message: String) {
        self.error.get_or_insert((offset, message));
    }

    fn request(&mut self, src: &Str, with: Option<&ObjectLit>) -> usize {
        let specifier = src.value.to_string_lossy().into_owned();
        let mut attributes = Vec::new();
        if let Some(with) = with {
            for prop in &with.props {
                if let PropOrSpread::Prop(prop) = prop {
                    if let Prop::KeyValue(kv) = &**prop {
                        let key = match &kv.key {
                            PropName::Ident(i) => i.sym.to_string(),
                            PropName::Str(s) => s.value.to_string_lossy().into_owned(),
                            _ => continue,
                        };
                        if let Expr::Lit(Lit::Str(value)) = &*kv.value {
                            attributes.push((key, value.value.to_string_lossy().into_owned()));
                        }
                    }
                }
            }
        }
        attributes.sort();
        let key = (specifier, attributes);
        if let Some(&index) = self.request_index.get(&key) {
            return index;
        }
        let index = self.requests.len();
        self.requests.push(Request {
            specifier: key.0.clone(),
            attributes: key.1.clone(),
            bindings: Vec::new(),
        });
        self.request_index.insert(key, index);
        index
    }

    fn export_name(&mut self, name: &str, offset: usize) {
        if !self.exported_names.insert(name.to_string()) {
            self.error(offset, format!("Duplicate export of '{name}'"));
        }
    }

    /// Removes a whole import/export statement, leaving an empty statement so the statements
    /// around it cannot run together.
    fn remove_statement(&mut self, span: swc_common::Span) {
        self.edits.replace(lo(span), hi(span), ";");
    }

    fn collect(
        &mut self,
        module: &Module,
        names: &Names,
        unresolved: SyntaxContext,
        header: &mut String,
    ) {
        // Pass 1, in source order: requests (ECMA-262 [[RequestedModules]] order), imports,
        // declarations.
        let mut import_locals: HashSet<swc_atoms::Atom> = HashSet::new();
        for item in &module.body {
            match item {
                ModuleItem::ModuleDecl(ModuleDecl::Import(decl)) => {
                    if decl.type_only {
                        self.remove_statement(decl.span);
                        continue;
                    }
                    let request = self.request(&decl.src, decl.with.as_deref());
                    for spec in &decl.specifiers {
                        let (local, imported, binding) = match spec {
                            ImportSpecifier::Named(n) => {
                                let name = n
                                    .imported
                                    .as_ref()
                                    .map_or_else(|| n.local.sym.to_string(), export_name);
                                let local = n.local.sym.to_string();
                                (
                                    &n.local,
                                    Imported::Named {
                                        request,
                                        name: name.clone(),
                                    },
                                    Binding::Import { name, local },
                                )
                            }
                            ImportSpecifier::Default(d) => (
                                &d.local,
                                Imported::Named {
                                    request,
                                    name: "default".into(),
                                },
                                Binding::Import {
                                    name: "default".into(),
                                    local: d.local.sym.to_string(),
                                },
                            ),
                            ImportSpecifier::Namespace(s) => (
                                &s.local,
                                Imported::Star { request },
                                Binding::ImportStar {
                                    local: s.local.sym.to_string(),
                                },
                            ),
                        };
                        if !import_locals.insert(local.sym.clone()) {
                            self.error(
                                lo(local.span),
                                format!("Identifier '{}' has already been declared", local.sym),
                            );
                        }
                        self.imports
                            .insert(local.to_id(), (local.sym.to_string(), imported));
                        self.requests[request].bindings.push(binding);
                    }
                    self.remove_statement(decl.span);
                }
                ModuleItem::ModuleDecl(ModuleDecl::ExportAll(all)) => {
                    let request = self.request(&all.src, all.with.as_deref());
                    self.requests[request].bindings.push(Binding::ExportStar);
                    self.remove_statement(all.span);
                }
                ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(named)) => {
                    if let Some(src) = &named.src {
                        let request = self.request(src, named.with.as_deref());
                        for spec in &named.specifiers {
                            match spec {
                                ExportSpecifier::Named(n) => {
                                    let name = export_name(&n.orig);
                                    let exported = n
                                        .exported
                                        .as_ref()
                                        .map_or_else(|| name.clone(), export_name);
                                    let at = lo(n.exported.as_ref().unwrap_or(&n.orig).span());
                                    self.export_name(&exported, at);
                                    self.requests[request]
                                        .bindings
                                        .push(Binding::IndirectExport { name, exported });
                                }
                                ExportSpecifier::Namespace(ns) => {
                                    let exported = export_name(&ns.name);
                                    self.export_name(&exported, lo(ns.name.span()));
                                    self.requests[request]
                                        .bindings
                                        .push(Binding::IndirectStarExport { exported });
                                }
                                ExportSpecifier::Default(d) => {
                                    self.error(lo(d.exported.span), "Unexpected identifier".into());
                                }
                            }
                        }
                    }
                    self.remove_statement(named.span);
                }
                ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) => {
                    for ident in decl_names(&export.decl) {
                        let name = ident.sym.to_string();
                        self.export_name(&name, lo(ident.span));
                        self.local_exports.push((name.clone(), name));
                    }
                    self.edits.remove(lo(export.span), lo(export.decl.span()));
                }
                ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(export)) => {
                    self.export_name("default", lo(export.span));
                    self.export_default_decl(export, names, header);
                }
                ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(export)) => {
                    self.export_name("default", lo(export.span));
                    self.export_default_expr(export, names);
                }
                _ => {}
            }
        }
        // An import's binding is redeclared by any declaration the resolver put in the same
        // scope: top-level ones, `var`s hoisted out of blocks, named default exports.
        if !self.imports.is_empty() {
            let mut declarations = Declarations::default();
            module.visit_with(&mut declarations);
            let mut clashes: Vec<(usize, String)> = declarations
                .idents
                .iter()
                .filter(|(id, _)| self.imports.contains_key(id))
                .map(|(id, offset)| (*offset, id.0.to_string()))
                .collect();
            clashes.sort();
            if let Some((offset, name)) = clashes.into_iter().next() {
                self.error(
                    offset,
                    format!("Identifier '{name}' has already been declared"),
                );
            }
        }

        // Pass 2: local export lists, which may name imports declared later in the file.
        for item in &module.body {
            let ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(named)) = item else {
                continue;
            };
            if named.src.is_some() {
                continue;
            }
            for spec in &named.specifiers {
                let ExportSpecifier::Named(n) = spec else {
                    continue;
                };
                let ModuleExportName::Ident(orig) = &n.orig else {
                    self.error(lo(n.orig.span()), "Unexpected string".into());
                    continue;
                };
                let exported = n
                    .exported
                    .as_ref()
                    .map_or_else(|| orig.sym.to_string(), export_name);
                let at = lo(n.exported.as_ref().unwrap_or(&n.orig).span());
                self.export_name(&exported, at);
                match self
                    .imports
                    .get(&orig.to_id())
                    .map(|(_, imported)| imported.clone())
                {
                    Some(Imported::Named { request, name }) => {
                        self.requests[request]
                            .bindings
                            .push(Binding::IndirectExport { name, exported });
                    }
                    Some(Imported::Star { request }) => {
                        self.requests[request]
                            .bindings
                            .push(Binding::IndirectStarExport { exported });
                    }
                    None if orig.ctxt == unresolved => {
                        self.error(
                            lo(orig.span),
                            format!("Export '{}' is not defined in module", orig.sym),
                        );
                    }
                    None => self.local_exports.push((exported, orig.sym.to_string())),
                }
            }
        }
    }

    fn export_default_decl(
        &mut self,
        export: &ExportDefaultDecl,
        names: &Names,
        header: &mut String,
    ) {
        match &export.decl {
            DefaultDecl::Fn(f) => {
                let start = lo(f.function.span);
                self.edits.remove(lo(export.span), start);
                match &f.ident {
                    Some(ident) => self
                        .local_exports
                        .push(("default".into(), ident.sym.to_string())),
                    None => {
                        // A hoisted declaration needs a name; natively its `.name` is "default".
                        let at = anonymous_function_name_at(self.text, start);
                        let space = if self.text[..at].ends_with(char::is_whitespace) {
                            ""
                        } else {
                            " "
                        };
                        self.edits.insert(at, format!("{space}{} ", names.default));
                        header.push_str(&format!(
                            "Object.defineProperty({}, \"name\", {{ value: \"default\" }}); ",
                            names.default
                        ));
                        self.local_exports
                            .push(("default".into(), names.default.clone()));
                    }
                }
            }
            DefaultDecl::Class(c) => match &c.ident {
                Some(ident) => {
                    self.edits.remove(lo(export.span), lo(c.class.span));
                    self.local_exports
                        .push(("default".into(), ident.sym.to_string()));
                }
                None => {
                    // `{ default: class {} }.default` gives the class its native name "default".
                    self.edits.replace(
                        lo(export.span),
                        lo(c.class.span),
                        format!("const {} = {{ default: ", names.default),
                    );
                    self.edits.insert(hi(c.class.span), "}.default;");
                    self.local_exports
                        .push(("default".into(), names.default.clone()));
                }
            },
            DefaultDecl::TsInterfaceDecl(_) => {}
        }
    }

    fn export_default_expr(&mut self, export: &ExportDefaultExpr, names: &Names) {
        let expr_span = export.expr.span();
        let named = is_anonymous_function_definition(&export.expr);
        let opening = if named {
            format!("const {} = {{ default: ", names.default)
        } else {
            format!("const {} = ", names.default)
        };
        self.edits.replace(lo(export.span), lo(expr_span), opening);
        let mut closing = String::new();
        if named {
            closing.push_str("}.default");
        }
        if !self.text[hi(expr_span)..hi(export.span)].contains(';') {
            closing.push(';');
        }
        if !closing.is_empty() {
            self.edits.insert(hi(expr_span), closing);
        }
        self.local_exports
            .push(("default".into(), names.default.clone()));
    }
}

/// Binding identifiers of declarations, with their offsets (imports excluded).
#[derive(Default)]
struct Declarations {
    idents: Vec<(Id, usize)>,
}

impl Declarations {
    fn add(&mut self, ident: &Ident) {
        self.idents.push((ident.to_id(), lo(ident.span)));
    }
}

impl swc_ecma_visit::Visit for Declarations {
    fn visit_import_decl(&mut self, _: &ImportDecl) {}

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        let mut names = Vec::new();
        pattern_names(&d.name, &mut names);
        for ident in names {
            self.add(ident);
        }
        d.init.visit_with(self);
    }

    fn visit_fn_decl(&mut self, f: &FnDecl) {
        self.add(&f.ident);
        f.function.visit_with(self);
    }

    fn visit_class_decl(&mut self, c: &ClassDecl) {
        self.add(&c.ident);
        c.class.visit_with(self);
    }

    fn visit_fn_expr(&mut self, f: &FnExpr) {
        // A named function expression's name lives in its own scope.
        f.function.visit_with(self);
    }

    fn visit_default_decl(&mut self, d: &DefaultDecl) {
        match d {
            DefaultDecl::Fn(f) => {
                if let Some(ident) = &f.ident {
                    self.add(ident);
                }
                f.function.visit_with(self);
            }
            DefaultDecl::Class(c) => {
                if let Some(ident) = &c.ident {
                    self.add(ident);
                }
                c.class.visit_with(self);
            }
            DefaultDecl::TsInterfaceDecl(_) => {}
        }
    }
}
