//! Module early errors that swc's parser lets through, checked over its AST.
//!
//! The shell runs a module's body as a generator function, which is not module code: where
//! ECMA-262 forbids something in a module that a strict function body allows (two top-level
//! `function f`, `var f` beside `function f`), or swc is lax, the bad module would run under
//! dynohot while V8 refuses to load it. Each rule here is one V8 enforces at parse time, with
//! V8's message and position (the later of two clashing declarations), so the user sees the same
//! `SyntaxError` with or without dynohot:
//! - https://tc39.es/ecma262/2025/#sec-module-semantics-static-semantics-early-errors: the
//!   module's LexicallyDeclaredNames (imports, `let`/`const`/`class`, and every kind of
//!   `function` declaration) are unique and disjoint from its VarDeclaredNames;
//! - https://tc39.es/ecma262/2025/#sec-block-static-semantics-early-errors (and the switch
//!   statement's case block): the same inside blocks, which in strict code include functions;
//! - https://tc39.es/ecma262/2025/#sec-identifiers-static-semantics-early-errors: an import
//!   cannot bind `eval` or `arguments`;
//! - https://tc39.es/ecma262/2025/#sec-module-semantics-static-semantics-early-errors: a string
//!   module export name is well-formed Unicode;
//! - https://tc39.es/ecma262/2025/#sec-rules-of-automatic-semicolon-insertion: an import or
//!   export declaration ends with `;` or a line break;
//! - https://tc39.es/ecma262/2025/#sec-keywords-and-reserved-words: `import.meta` and
//!   `new.target` are spelled without escapes;
//! - https://tc39.es/ecma262/2025/#sec-import-calls: `import(…)` takes one or two arguments,
//!   no spread, and cannot follow `new`;
//! - import phases (`import defer`, `import source`, `import.defer(…)`, `import.source(…)`) are
//!   proposals no V8 in a supported Node line parses: V8's error is at the token after the
//!   phase.
//!
//! Cost is linear: each statement is walked once, by the var scope it belongs to, and a `var`
//! is checked against the enclosing blocks' lexical names through one map of stacks.

use std::collections::{HashMap, HashSet};

use swc_atoms::Atom;
use swc_common::Spanned;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::syntax::{hi, lo, pattern_names, skip_trivia};

/// The first early error, in source order: (byte offset, V8's message).
pub fn check(text: &str, module: &Module) -> Option<(usize, String)> {
    let mut checker = Checker {
        text,
        error: None,
        lexical: HashMap::new(),
    };
    checker.module(module);
    module.visit_with(&mut checker);
    checker.error
}

struct Checker<'a> {
    text: &'a str,
    error: Option<(usize, String)>,
    /// Lexically declared names of the blocks enclosing the statement being walked (within one
    /// var scope): name → offsets of their declarations, innermost last.
    lexical: HashMap<Atom, Vec<usize>>,
}

fn redeclared(name: &str) -> String {
    format!("Identifier '{name}' has already been declared")
}

impl Checker<'_> {
    fn error(&mut self, offset: usize, message: String) {
        if self.error.as_ref().is_none_or(|(at, _)| offset < *at) {
            self.error = Some((offset, message));
        }
    }

    // ---- Declarations ---------------------------------------------------------------------

    fn module(&mut self, module: &Module) {
        let mut declared: Vec<(Atom, usize)> = Vec::new();
        for item in &module.body {
            match item {
                ModuleItem::ModuleDecl(decl) => {
                    self.module_decl(decl, &mut declared);
                    self.semicolon(decl);
                }
                ModuleItem::Stmt(stmt) => lexical_names(stmt, &mut declared),
            }
        }
        let names = self.open_scope(&declared);
        for item in &module.body {
            match item {
                ModuleItem::Stmt(stmt) => self.stmt(stmt),
                ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) => {
                    self.stmt_decl(&export.decl)
                }
                ModuleItem::ModuleDecl(_) => {}
            }
        }
        self.close_scope(names);
    }

    fn module_decl(&mut self, decl: &ModuleDecl, declared: &mut Vec<(Atom, usize)>) {
        match decl {
            ModuleDecl::Import(import) => {
                if import.type_only {
                    return;
                }
                if import.phase != ImportPhase::Evaluation {
                    // `import defer * as x`: after `import`, the phase word, then the token V8
                    // stops at.
                    let phase = skip_trivia(self.text, lo(import.span) + "import".len());
                    self.unexpected_after_word(phase);
                }
                for spec in &import.specifiers {
                    let local = match spec {
                        ImportSpecifier::Named(named) => {
                            if let Some(imported) = &named.imported {
                                self.export_name(imported);
                            }
                            &named.local
                        }
                        ImportSpecifier::Default(d) => &d.local,
                        ImportSpecifier::Namespace(ns) => &ns.local,
                    };
                    if &*local.sym == "eval" || &*local.sym == "arguments" {
                        self.error(
                            lo(local.span),
                            "Unexpected eval or arguments in strict mode".into(),
                        );
                    }
                    declared.push((local.sym.clone(), lo(local.span)));
                }
            }
            ModuleDecl::ExportDecl(export) => decl_lexical_names(&export.decl, declared),
            ModuleDecl::ExportDefaultDecl(export) => match &export.decl {
                DefaultDecl::Fn(f) => {
                    if let Some(ident) = &f.ident {
                        declared.push((ident.sym.clone(), lo(f.function.span)));
                    }
                }
                DefaultDecl::Class(c) => {
                    if let Some(ident) = &c.ident {
                        declared.push((ident.sym.clone(), lo(ident.span)));
                    }
                }
                DefaultDecl::TsInterfaceDecl(_) => {}
            },
            ModuleDecl::ExportNamed(named) => {
                for spec in &named.specifiers {
                    match spec {
                        ExportSpecifier::Named(n) => {
                            self.export_name(&n.orig);
                            if let Some(exported) = &n.exported {
                                self.export_name(exported);
                            }
                        }
                        ExportSpecifier::Namespace(ns) => self.export_name(&ns.name),
                        ExportSpecifier::Default(_) => {}
                    }
                }
            }
            _ => {}
        }
    }

    fn export_name(&mut self, name: &ModuleExportName) {
        if let ModuleExportName::Str(s) = name {
            if s.value.as_str().is_none() {
                self.error(
                    lo(s.span),
                    "Invalid module export name: contains unpaired surrogate".into(),
                );
            }
        }
    }

    /// Registers one scope's lexical names (reporting duplicates); returns them for
    /// `close_scope`.
    fn open_scope(&mut self, declared: &[(Atom, usize)]) -> Vec<Atom> {
        let mut seen: HashSet<&Atom> = HashSet::with_capacity(declared.len());
        let mut names = Vec::with_capacity(declared.len());
        for (name, offset) in declared {
            if !seen.insert(name) {
                self.error(*offset, redeclared(name));
                continue;
            }
            self.lexical.entry(name.clone()).or_default().push(*offset);
            names.push(name.clone());
        }
        names
    }

    fn close_scope(&mut self, names: Vec<Atom>) {
        for name in names {
            if let Some(offsets) = self.lexical.get_mut(&name) {
                offsets.pop();
                if offsets.is_empty() {
                    self.lexical.remove(&name);
                }
            }
        }
    }

    /// A `var` name: an error if an enclosing block (or the module) declares it lexically,
    /// reported at whichever of the two comes later.
    fn var_name(&mut self, ident: &Ident) {
        if self.lexical.is_empty() {
            return;
        }
        if let Some(&declared) = self.lexical.get(&ident.sym).and_then(|o| o.last()) {
            self.error(lo(ident.span).max(declared), redeclared(&ident.sym));
        }
    }

    fn var_decl(&mut self, var: &VarDecl) {
        if var.kind != VarDeclKind::Var {
            return;
        }
        let mut names = Vec::new();
        for d in &var.decls {
            pattern_names(&d.name, &mut names);
        }
        for ident in names {
            self.var_name(ident);
        }
    }

    fn stmt_decl(&mut self, decl: &Decl) {
        if let Decl::Var(var) = decl {
            self.var_decl(var);
        }
    }

    fn block(&mut self, stmts: &[Stmt]) {
        let mut declared = Vec::new();
        for stmt in stmts {
            lexical_names(stmt, &mut declared);
        }
        let names = self.open_scope(&declared);
        for stmt in stmts {
            self.stmt(stmt);
        }
        self.close_scope(names);
    }

    /// Walks the statements of one var scope (never entering expressions, whose functions are
    /// var scopes of their own, found by the `Visit` pass).
    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Block(block) => self.block(&block.stmts),
            Stmt::Decl(decl) => self.stmt_decl(decl),
            Stmt::If(s) => {
                self.stmt(&s.cons);
                if let Some(alt) = &s.alt {
                    self.stmt(alt);
                }
            }
            Stmt::Labeled(s) => self.stmt(&s.body),
            Stmt::With(s) => self.stmt(&s.body),
            Stmt::While(s) => self.stmt(&s.body),
            Stmt::DoWhile(s) => self.stmt(&s.body),
            Stmt::For(s) => {
                if let Some(VarDeclOrExpr::VarDecl(var)) = &s.init {
                    self.var_decl(var);
                }
                self.stmt(&s.body);
            }
            Stmt::ForIn(s) => {
                if let ForHead::VarDecl(var) = &s.left {
                    self.var_decl(var);
                }
                self.stmt(&s.body);
            }
            Stmt::ForOf(s) => {
                if let ForHead::VarDecl(var) = &s.left {
                    self.var_decl(var);
                }
                self.stmt(&s.body);
            }
            Stmt::Switch(s) => {
                let stmts: Vec<&Stmt> = s.cases.iter().flat_map(|c| c.cons.iter()).collect();
                let mut declared = Vec::new();
                for stmt in &stmts {
                    lexical_names(stmt, &mut declared);
                }
                let names = self.open_scope(&declared);
                for stmt in stmts {
                    self.stmt(stmt);
                }
                self.close_scope(names);
            }
            Stmt::Try(s) => {
                self.block(&s.block.stmts);
                if let Some(handler) = &s.handler {
                    self.block(&handler.body.stmts);
                }
                if let Some(finalizer) = &s.finalizer {
                    self.block(&finalizer.stmts);
                }
            }
            _ => {}
        }
    }

    /// Walks a function body's nested blocks: its own top-level functions are var-like, and
    /// its own lexical-vs-var clashes are swc's to report.
    fn var_scope(&mut self, stmts: &[Stmt]) {
        let saved = std::mem::take(&mut self.lexical);
        for stmt in stmts {
            match stmt {
                Stmt::Decl(_) => {}
                stmt => self.stmt(stmt),
            }
        }
        self.lexical = saved;
    }

    /// A destructuring assignment cannot target `eval` or `arguments` in strict code
    /// (https://tc39.es/ecma262/2025/#sec-identifiers-static-semantics-early-errors); swc lets
    /// `({ arguments } = o)` through.
    fn assigned_pattern(&mut self, pat: &Pat) {
        let mut names = Vec::new();
        pattern_names(pat, &mut names);
        for ident in names {
            if &*ident.sym == "eval" || &*ident.sym == "arguments" {
                self.error(
                    lo(ident.span),
                    "Unexpected eval or arguments in strict mode".into(),
                );
            }
        }
    }

    // ---- Tokens ---------------------------------------------------------------------------

    /// An error at the token after the word starting at `at`.
    fn unexpected_after_word(&mut self, at: usize) {
        let word = self.text[at..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .map_or(self.text.len(), |n| at + n);
        let next = skip_trivia(self.text, word);
        let message = unexpected_token(&self.text[next..]);
        self.error(next, message);
    }

    /// An import or export declaration that does not end with `;` must be followed by a line
    /// break (or the end): `export {} null` is not two statements.
    fn semicolon(&mut self, decl: &ModuleDecl) {
        let span = match decl {
            ModuleDecl::Import(d) => d.span,
            ModuleDecl::ExportNamed(d) => d.span,
            ModuleDecl::ExportAll(d) => d.span,
            ModuleDecl::ExportDefaultExpr(d) => d.span,
            _ => return,
        };
        let end = hi(span);
        if self.text[..end].ends_with(';') {
            return;
        }
        let next = skip_trivia(self.text, end);
        if next >= self.text.len() {
            return;
        }
        let gap = &self.text[end..next];
        if gap.contains(['\n', '\r', '\u{2028}', '\u{2029}']) {
            return;
        }
        let message = unexpected_token(&self.text[next..]);
        self.error(next, message);
    }
}

/// V8's words for a syntax error swc found at `offset`, where they differ and are known.
pub fn v8_message(text: &str, offset: usize, swc: String) -> String {
    if swc == "'eval' and 'arguments' cannot be used as a binding identifier in strict mode" {
        return "Unexpected eval or arguments in strict mode".into();
    }
    if swc == "'arguments' is only allowed in functions and class methods" {
        return "'arguments' is not allowed in class field initializer or static initialization block".into();
    }
    let word = text.get(offset..).unwrap_or_default();
    let word = &word[..word
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(word.len())];
    if word == "eval" || word == "arguments" {
        // An assignment to `eval` / `arguments`: V8 words it by the kind of target.
        if swc == "Cannot assign to this" {
            return "Invalid destructuring assignment target".into();
        }
        if swc.starts_with("The left-hand side of an assignment")
            || swc == "Invalid assignment target"
        {
            return "Unexpected eval or arguments in strict mode".into();
        }
    }
    if swc.starts_with("Unexpected character ") {
        // A character no token starts with (a U+FFFD from bytes that were not UTF-8, a NUL).
        return "Invalid or unexpected token".into();
    }
    if swc.starts_with("Expected ';', got ") && offset < text.len() {
        return unexpected_token(&text[offset..]);
    }
    swc
}

/// V8's message for an unexpected token at the start of `rest`.
fn unexpected_token(rest: &str) -> String {
    if rest.is_empty() {
        return "Unexpected end of input".into();
    }
    let first = rest.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() {
        return "Unexpected number".into();
    }
    if first == '"' || first == '\'' {
        return "Unexpected string".into();
    }
    if first == '`' {
        return "Unexpected template string".into();
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
        .collect();
    if word.is_empty() {
        let token: String = rest.chars().take(1).collect();
        return format!("Unexpected token '{token}'");
    }
    const KEYWORDS: &[&str] = &[
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "function",
        "if",
        "import",
        "in",
        "instanceof",
        "new",
        "null",
        "return",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
    ];
    const STRICT_RESERVED: &[&str] = &[
        "implements",
        "interface",
        "let",
        "package",
        "private",
        "protected",
        "public",
        "static",
        "yield",
    ];
    if KEYWORDS.contains(&word.as_str()) {
        format!("Unexpected token '{word}'")
    } else if STRICT_RESERVED.contains(&word.as_str()) {
        "Unexpected strict mode reserved word".into()
    } else {
        format!("Unexpected identifier '{word}'")
    }
}

/// The names a statement declares lexically in the statement list it is directly in (strict
/// code: function declarations included), with the offset V8 reports a clash at.
fn lexical_names(stmt: &Stmt, out: &mut Vec<(Atom, usize)>) {
    if let Stmt::Decl(decl) = stmt {
        decl_lexical_names(decl, out);
    }
}

fn decl_lexical_names(decl: &Decl, out: &mut Vec<(Atom, usize)>) {
    match decl {
        Decl::Fn(f) => out.push((f.ident.sym.clone(), lo(f.function.span))),
        Decl::Class(c) => out.push((c.ident.sym.clone(), lo(c.ident.span))),
        Decl::Var(v) if v.kind != VarDeclKind::Var => {
            let mut names = Vec::new();
            for d in &v.decls {
                pattern_names(&d.name, &mut names);
            }
            out.extend(names.into_iter().map(|i| (i.sym.clone(), lo(i.span))));
        }
        Decl::Using(u) => {
            let mut names = Vec::new();
            for d in &u.decls {
                pattern_names(&d.name, &mut names);
            }
            out.extend(names.into_iter().map(|i| (i.sym.clone(), lo(i.span))));
        }
        _ => {}
    }
}

/// Finds the other var scopes (function bodies, accessors and methods included, static blocks)
/// and checks the expression
/// rules.
impl Visit for Checker<'_> {
    fn visit_function(&mut self, f: &Function) {
        if let Some(body) = &f.body {
            self.var_scope(&body.stmts);
        }
        f.visit_children_with(self);
    }

    fn visit_arrow_expr(&mut self, f: &ArrowExpr) {
        if let ArrowFunctionBody::FunctionBody(body) = &*f.body {
            self.var_scope(&body.stmts);
        }
        f.visit_children_with(self);
    }

    fn visit_constructor(&mut self, c: &Constructor) {
        if let Some(body) = &c.body {
            self.var_scope(&body.stmts);
        }
        c.visit_children_with(self);
    }

    fn visit_static_block(&mut self, b: &StaticBlock) {
        self.var_scope(&b.body.stmts);
        b.visit_children_with(self);
    }

    fn visit_meta_prop_expr(&mut self, m: &MetaPropExpr) {
        if self.text[lo(m.span)..hi(m.span)].contains('\\') {
            let name = match m.kind {
                MetaPropKind::ImportMeta => "import.meta",
                MetaPropKind::NewTarget => "new.target",
            };
            self.error(
                lo(m.span),
                format!("'{name}' must not contain escaped characters"),
            );
        }
    }

    fn visit_assign_expr(&mut self, assign: &AssignExpr) {
        if let AssignTarget::Pat(pat) = &assign.left {
            let pat: Pat = pat.clone().into();
            self.assigned_pattern(&pat);
        }
        assign.visit_children_with(self);
    }

    fn visit_for_head(&mut self, head: &ForHead) {
        if let ForHead::Pat(pat) = head {
            self.assigned_pattern(pat);
        }
        head.visit_children_with(self);
    }

    fn visit_new_expr(&mut self, n: &NewExpr) {
        if let Expr::Call(CallExpr {
            callee: Callee::Import(import),
            ..
        }) = &*n.callee
        {
            self.error(lo(import.span), "Cannot use new with import".into());
        }
        n.visit_children_with(self);
    }

    fn visit_call_expr(&mut self, call: &CallExpr) {
        if let Callee::Import(import) = &call.callee {
            if import.phase != ImportPhase::Evaluation {
                // `import.defer(…)`: V8 stops at the word after the dot.
                let dot = skip_trivia(self.text, lo(import.span) + "import".len());
                let word = skip_trivia(self.text, dot + 1);
                let message = unexpected_token(&self.text[word..]);
                self.error(word, message);
            }
            if call.args.is_empty() {
                self.error(lo(import.span), "import() requires a specifier".into());
            }
            for (i, arg) in call.args.iter().enumerate() {
                if let Some(spread) = arg.spread {
                    self.error(lo(spread), "Unexpected token '...'".into());
                } else if i >= 2 {
                    let at = lo(arg.expr.span());
                    let message = unexpected_token(&self.text[at..]);
                    self.error(at, message);
                }
            }
        }
        call.visit_children_with(self);
    }
}

#[cfg(test)]
mod tests {
    use crate::transform::{transform_str, Options};

    /// The first error's message and 1-based line:column, or "ok".
    fn outcome(source: &str) -> String {
        let options = Options {
            source_map: false,
            read_map_files: false,
            ..Options::default()
        };
        let output = transform_str(source, "file:///app/main.js", &options);
        match output.errors.first() {
            None => "ok".into(),
            Some(d) => format!("{}:{} {}", d.line, d.column, d.message),
        }
    }

    fn declared(name: &str) -> String {
        format!("SyntaxError: Identifier '{name}' has already been declared")
    }

    #[test]
    fn top_level_functions_are_lexical_in_a_module() {
        // Positions and messages as V8 (node 20 and 26) reports them.
        assert_eq!(
            outcome("function f() {}\nfunction f() {}\n"),
            format!("2:1 {}", declared("f"))
        );
        assert_eq!(
            outcome("async function f() {}\nfunction* f() {}\n"),
            format!("2:1 {}", declared("f"))
        );
        assert_eq!(
            outcome("async function* f() {}\nexport function f() {}\n"),
            format!("2:8 {}", declared("f"))
        );
        assert_eq!(
            outcome("var f;\nfunction f() {}\n"),
            format!("2:1 {}", declared("f"))
        );
        assert_eq!(
            outcome("function f() {}\nvar f;\n"),
            format!("2:5 {}", declared("f"))
        );
        assert_eq!(
            outcome("function f() {}\n{ var f; }\n"),
            format!("2:7 {}", declared("f"))
        );
        assert_eq!(
            outcome("for (var f of []);\nexport default function f() {}\n"),
            format!("2:16 {}", declared("f"))
        );
        assert_eq!(
            outcome("import f from './x.js';\nfunction f() {}\n"),
            format!("2:1 {}", declared("f"))
        );
    }

    #[test]
    fn blocks_and_case_blocks_too() {
        assert_eq!(
            outcome("{ function g() {}\n  function g() {} }\n"),
            format!("2:3 {}", declared("g"))
        );
        assert_eq!(
            outcome("{ function g() {}\n { var g; } }\n"),
            format!("2:8 {}", declared("g"))
        );
        assert_eq!(
            outcome("switch (1) { case 1: function g() {}\n default: function g() {} }\n"),
            format!("2:11 {}", declared("g"))
        );
        assert_eq!(
            outcome("let x = () => { { function g() {} function g() {} } };\n"),
            format!("1:35 {}", declared("g"))
        );
    }

    #[test]
    fn what_v8_accepts_stays_accepted() {
        // Function bodies and static blocks: top-level functions there are var-like.
        assert_eq!(
            outcome("function f() { function g() {} function g() {} var g; }\n"),
            "ok"
        );
        assert_eq!(
            outcome("class C { static { function g() {} function g() {} } }\n"),
            "ok"
        );
        // A var in a nested function does not reach the outer block.
        assert_eq!(outcome("function f() {}\nconst o = { get a() { var f; }, set a(v) { var f; }, m() { var f; } };\n"), "ok");
        assert_eq!(
            outcome("let x; (() => { var x; })(); class K { static { var x; } }\n"),
            "ok"
        );
        // Sibling blocks, shadowing, and a catch parameter's var.
        assert_eq!(
            outcome("{ function g() {} } { function g() {} }\nfunction g() {}\n"),
            "ok"
        );
        assert_eq!(outcome("{ var v; } { var v; } var v;\n"), "ok");
        assert_eq!(outcome("try {} catch (e) { var e; }\n"), "ok");
        assert_eq!(outcome("for (let i;;) { function i() {} break; }\n"), "ok");
        // Export lists, imports and a semicolon-less statement followed by a line break.
        assert_eq!(outcome("let a; export { a }\nexport {} from './x.js'\nimport './y.js'\nexport * from './z.js' // c\n"), "ok");
        assert_eq!(
            outcome("export { x as \"\\uD83D\\uDE00\" } from './x.js';\n"),
            "ok"
        );
        assert_eq!(
            outcome("import(a, b,); import(a); new (import.meta.X)();\n"),
            "ok"
        );
    }

    #[test]
    fn imports_cannot_bind_eval_or_arguments() {
        for source in [
            "import { x as eval } from './x.js';",
            "import { eval } from './x.js';",
            "import arguments from './x.js';",
            "import * as arguments from './x.js';",
        ] {
            let got = outcome(source);
            assert!(
                got.ends_with("SyntaxError: Unexpected eval or arguments in strict mode"),
                "{source}: {got}"
            );
        }
        assert_eq!(
            outcome("import { x as eval } from './x.js';"),
            "1:15 SyntaxError: Unexpected eval or arguments in strict mode"
        );
    }

    #[test]
    fn string_export_names_are_well_formed() {
        let message = "SyntaxError: Invalid module export name: contains unpaired surrogate";
        assert_eq!(
            outcome("function Foo() {}\nexport { Foo as \"\\uD83D\" };\n"),
            format!("2:17 {message}")
        );
        assert_eq!(
            outcome("export { \"\\uD83D\" as x } from './x.js';\n"),
            format!("1:10 {message}")
        );
        assert_eq!(
            outcome("import { \"\\uDC00\" as x } from './x.js';\n"),
            format!("1:10 {message}")
        );
        assert_eq!(
            outcome("export * as \"\\uDC00\" from './x.js';\n"),
            format!("1:13 {message}")
        );
    }

    #[test]
    fn declarations_end_with_a_semicolon_or_a_line_break() {
        assert_eq!(
            outcome("export {} null;\n"),
            "1:11 SyntaxError: Unexpected token 'null'"
        );
        assert_eq!(
            outcome("var a; export { a } a;\n"),
            "1:21 SyntaxError: Unexpected identifier 'a'"
        );
        // swc itself refuses this one; the message is V8's.
        assert_eq!(
            outcome("export {} from './x.js' null;\n"),
            "1:25 SyntaxError: Unexpected token 'null'"
        );
        assert_eq!(
            outcome("export {} /* no break */ 1;\n"),
            "1:26 SyntaxError: Unexpected number"
        );
    }

    #[test]
    fn escaped_meta_properties_and_import_calls() {
        assert_eq!(
            outcome("import.m\\u0065ta;\n"),
            "1:1 SyntaxError: 'import.meta' must not contain escaped characters"
        );
        assert_eq!(
            outcome("new import('./x.js');\n"),
            "1:5 SyntaxError: Cannot use new with import"
        );
        assert_eq!(
            outcome("import(...a);\n"),
            "1:8 SyntaxError: Unexpected token '...'"
        );
        assert!(outcome("import();\n").starts_with("1:1 SyntaxError: "));
        assert!(outcome("import(a, b, c);\n").starts_with("1:1 SyntaxError: "));
    }

    #[test]
    fn deep_blocks_are_linear() {
        // 20,000 nested blocks, each with a function and a var: quadratic would be 4e8 steps.
        let n = 20_000;
        let mut source = String::new();
        for i in 0..n {
            source.push_str(&format!("{{ function f{i}() {{}} var v{i};\n"));
        }
        source.push_str(&"}".repeat(n));
        assert_eq!(outcome(&source), "ok");
    }
}
