//! Parsing, scope resolution, and the module-level analysis: module requests (in source order,
//! one per specifier + attributes), their bindings, local exports, and the edits that remove
//! import/export syntax.

use std::collections::{HashMap, HashSet};

use swc_common::{Mark, Spanned, SyntaxContext, GLOBALS};
use swc_ecma_ast::*;
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax};
use swc_ecma_transforms_base::resolver;
use swc_ecma_visit::{VisitMutWith, VisitWith};

use super::edits::Edits;
use super::references::{Imports, NameCollector, Rewriter};
use super::shell::{self, Names, Shell};
use super::syntax::*;
use super::{Options, Output};
use crate::diagnostic::{Diagnostic, DiagnosticCode};

/// One module request: a specifier with its import attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub specifier: String,
    /// Sorted by key.
    pub attributes: Vec<(String, String)>,
    pub bindings: Vec<Binding>,
}

/// What the runtime binds through a request (spec §3.5 shapes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Binding {
    /// `import { name as local }`.
    Import { name: String, local: String },
    /// `import * as local`.
    ImportStar { local: String },
    /// `export { name as exported } from`, or re-export of an imported binding.
    IndirectExport { name: String, exported: String },
    /// `export * as exported from`, or re-export of a namespace import.
    IndirectStarExport { exported: String },
    /// `export * from`.
    ExportStar,
}

/// How a local name was imported.
#[derive(Clone)]
enum Imported {
    Named { request: usize, name: String },
    Star { request: usize },
}

struct Analysis<'a> {
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

pub fn transform_module(text: &str, url: &str, options: &Options) -> Output {
    GLOBALS.set(&Default::default(), || {
        transform_in_globals(text, url, options)
    })
}

/// A `SyntaxError` diagnostic at byte `offset` of `text`.
pub(super) fn syntax_error(url: &str, text: &str, offset: usize, message: String) -> Diagnostic {
    Diagnostic::at(
        DiagnosticCode::SyntaxError,
        format!("SyntaxError: {message}"),
        url,
        text,
        offset,
    )
}

fn transform_in_globals(text: &str, url: &str, options: &Options) -> Output {
    let syntax = Syntax::Es(EsSyntax {
        import_attributes: true,
        explicit_resource_management: true,
        ..Default::default()
    });
    let input = StringInput::new(
        text,
        swc_common::BytePos(BASE),
        swc_common::BytePos(BASE + text.len() as u32),
    );
    let mut parser = Parser::new(syntax, input, None);
    let parsed = parser.parse_module();
    let mut recovered = parser.take_errors();
    let mut module = match parsed {
        Ok(module) if recovered.is_empty() => module,
        Ok(_) => {
            let e = recovered.remove(0);
            return Output::error(syntax_error(
                url,
                text,
                lo(e.span()),
                e.kind().msg().into_owned(),
            ));
        }
        Err(e) => {
            return Output::error(syntax_error(
                url,
                text,
                lo(e.span()),
                e.kind().msg().into_owned(),
            ))
        }
    };

    // Scope resolution is only needed to tell references to imports (and names in local export
    // lists) from other bindings; most leaf modules have neither, and skip the pass.
    let needs_scopes = module.body.iter().any(|item| match item {
        ModuleItem::ModuleDecl(ModuleDecl::Import(decl)) => !decl.specifiers.is_empty(),
        ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(named)) => named.src.is_none(),
        _ => false,
    });
    let unresolved_mark = Mark::new();
    if needs_scopes {
        let top_level_mark = Mark::new();
        module.visit_mut_with(&mut resolver(unresolved_mark, top_level_mark, false));
    }
    let unresolved = SyntaxContext::empty().apply_mark(unresolved_mark);

    let names = Names::for_text(text).unwrap_or_else(|| {
        let mut collector = NameCollector::default();
        module.visit_with(&mut collector);
        Names::pick(&collector.names)
    });

    let mut analysis = Analysis {
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
    analysis.collect(&module, &names, unresolved, &mut header);
    if let Some((offset, message)) = analysis.error.take() {
        return Output::error(syntax_error(url, text, offset, message));
    }

    // A hashbang is only valid at offset 0, where the shell's preamble goes: keep it as a comment.
    if module.shebang.is_some() {
        analysis.edits.replace(0, 2, "//");
    }

    let imports: Imports = analysis
        .imports
        .iter()
        .map(|(id, (local, _))| (id.clone(), local.clone()))
        .collect();
    let mut rewriter = Rewriter::new(
        &imports,
        &names.holder,
        &names.meta,
        &names.dynamic_import,
        &mut analysis.edits,
    );
    for item in &module.body {
        match item {
            ModuleItem::ModuleDecl(
                ModuleDecl::Import(_) | ModuleDecl::ExportAll(_) | ModuleDecl::ExportNamed(_),
            ) => {}
            item => item.visit_with(&mut rewriter),
        }
    }
    let anchors = std::mem::take(&mut rewriter.anchors);
    let flags = (
        rewriter.uses_top_level_await,
        rewriter.uses_import_meta,
        rewriter.uses_dynamic_import,
    );
    drop(rewriter);

    let shell = Shell {
        url,
        text,
        names: &names,
        options,
        asynchronous: flags.0,
        json: false,
        uses_import_meta: flags.1,
        uses_dynamic_import: flags.2,
        header: &header,
        local_exports: &analysis.local_exports,
        requests: &analysis.requests,
    };
    let code = shell::emit(&shell, analysis.edits, anchors);
    Output {
        code,
        errors: Vec::new(),
        uses_top_level_await: flags.0,
        uses_import_meta: flags.1,
        uses_dynamic_import: flags.2,
        requests: analysis.requests,
    }
}

impl Analysis<'_> {
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
