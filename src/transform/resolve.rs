//! Scope resolution, in one linear pass: every identifier that declares or references a name gets
//! one of three syntax contexts: the module's top-level scope, a nested scope, or unresolved (a
//! global). That is all the later steps ask (is this `x` the imported `x`? does `export { x }`
//! name a declaration?), so one context stands for every nested scope.
//!
//! swc's own resolver is not linear at depth: it visits a class expression's `extends` twice
//! (once in its own scope, again in the class's), so `class extends (class extends (…))` costs
//! 2^depth, and it hoists every statement list by walking all blocks nested in it, so nested
//! blocks cost depth². Here each scope's declarations are collected once, on entering it (a
//! block's from its own statements, a function's `var`s in one walk of its body that stops at
//! nested functions), and a name's resolution is a counter lookup: how many enclosing nested
//! scopes declare it. Module code is strict, so scopes are static: no `with`, no sloppy direct
//! `eval` adding bindings, block functions are block-scoped.

use std::collections::{HashMap, HashSet};

use swc_atoms::Atom;
use swc_common::{Mark, SyntaxContext};
use swc_ecma_ast::*;
use swc_ecma_visit::{VisitMut, VisitMutWith};

use super::syntax::pattern_names;

/// The three contexts `resolve` gives identifiers.
#[derive(Clone, Copy)]
pub struct Contexts {
    /// Declared in the module's top-level scope (imports included).
    pub top: SyntaxContext,
    /// Declared in a function, block, class, catch clause or loop head scope.
    pub nested: SyntaxContext,
    /// Declared nowhere in the module: a global (or an error at run time).
    pub unresolved: SyntaxContext,
}

impl Contexts {
    /// Fresh contexts (must run inside `swc_common::GLOBALS`).
    pub fn new() -> Self {
        let context = || SyntaxContext::empty().apply_mark(Mark::new());
        Contexts {
            top: context(),
            nested: context(),
            unresolved: context(),
        }
    }
}

/// Resolves `module`'s identifiers (see the module comment) with `contexts`.
pub fn resolve(module: &mut Module, contexts: Contexts) {
    let mut top = Vec::new();
    for item in &module.body {
        match item {
            ModuleItem::ModuleDecl(decl) => match decl {
                ModuleDecl::Import(import) => {
                    for spec in &import.specifiers {
                        top.push(
                            match spec {
                                ImportSpecifier::Named(n) => &n.local,
                                ImportSpecifier::Default(d) => &d.local,
                                ImportSpecifier::Namespace(ns) => &ns.local,
                            }
                            .sym
                            .clone(),
                        );
                    }
                }
                ModuleDecl::ExportDecl(export) => decl_names(&export.decl, true, &mut top),
                ModuleDecl::ExportDefaultDecl(export) => match &export.decl {
                    DefaultDecl::Fn(FnExpr {
                        ident: Some(ident), ..
                    })
                    | DefaultDecl::Class(ClassExpr {
                        ident: Some(ident), ..
                    }) => top.push(ident.sym.clone()),
                    _ => {}
                },
                _ => {}
            },
            ModuleItem::Stmt(stmt) => {
                lexical_names(stmt, &mut top);
                hoisted_vars(stmt, &mut top);
            }
        }
    }
    let mut resolver = Resolver {
        top: top.into_iter().collect(),
        shadowed: HashMap::new(),
        contexts,
    };
    module.body.visit_mut_with(&mut resolver);
}

struct Resolver {
    /// Names declared at the module's top level.
    top: HashSet<Atom>,
    /// Name → how many of the nested scopes enclosing the current position declare it.
    shadowed: HashMap<Atom, u32>,
    contexts: Contexts,
}

impl Resolver {
    fn enter(&mut self, names: Vec<Atom>) -> Vec<Atom> {
        for name in &names {
            *self.shadowed.entry(name.clone()).or_default() += 1;
        }
        names
    }

    fn leave(&mut self, names: Vec<Atom>) {
        for name in names {
            if let Some(count) = self.shadowed.get_mut(&name) {
                *count -= 1;
                if *count == 0 {
                    self.shadowed.remove(&name);
                }
            }
        }
    }

    /// Runs `work` in a nested scope declaring `names`.
    fn scope(&mut self, names: Vec<Atom>, work: impl FnOnce(&mut Self)) {
        let names = self.enter(names);
        work(self);
        self.leave(names);
    }

    /// A function's parameters and body: parameters (and `arguments`, for non-arrow functions)
    /// in one scope, the body's `var`s and lexical declarations in the next, as ECMA-262's
    /// FunctionDeclarationInstantiation does when parameters have expressions.
    fn function<P: VisitMutWith<Self>>(
        &mut self,
        params: &mut [P],
        param_names: Vec<Atom>,
        arguments: bool,
        body: Option<&mut FunctionBody>,
    ) {
        let mut names = param_names;
        if arguments {
            names.push("arguments".into());
        }
        self.scope(names, |this| {
            for param in params.iter_mut() {
                param.visit_mut_with(this);
            }
            if let Some(body) = body {
                this.var_scope(&mut body.stmts);
            }
        });
    }

    /// Statements that form a var scope of their own (a function body, a static block).
    fn var_scope(&mut self, stmts: &mut [Stmt]) {
        let mut names = Vec::new();
        for stmt in stmts.iter() {
            lexical_names(stmt, &mut names);
            hoisted_vars(stmt, &mut names);
        }
        self.scope(names, |this| {
            for stmt in stmts.iter_mut() {
                stmt.visit_mut_with(this);
            }
        });
    }

    fn resolve(&self, ident: &mut Ident) {
        ident.ctxt = if self.shadowed.contains_key(&ident.sym) {
            self.contexts.nested
        } else if self.top.contains(&ident.sym) {
            self.contexts.top
        } else {
            self.contexts.unresolved
        };
    }
}

impl VisitMut for Resolver {
    fn visit_mut_ident(&mut self, ident: &mut Ident) {
        self.resolve(ident);
    }

    // ---- Names that are not bindings or references ----------------------------------------

    fn visit_mut_labeled_stmt(&mut self, s: &mut LabeledStmt) {
        s.body.visit_mut_with(self);
    }

    fn visit_mut_break_stmt(&mut self, _: &mut BreakStmt) {}

    fn visit_mut_continue_stmt(&mut self, _: &mut ContinueStmt) {}

    fn visit_mut_import_decl(&mut self, import: &mut ImportDecl) {
        for spec in &mut import.specifiers {
            match spec {
                ImportSpecifier::Named(n) => self.resolve(&mut n.local),
                ImportSpecifier::Default(d) => self.resolve(&mut d.local),
                ImportSpecifier::Namespace(ns) => self.resolve(&mut ns.local),
            }
        }
    }

    fn visit_mut_named_export(&mut self, export: &mut NamedExport) {
        if export.src.is_some() {
            return;
        }
        for spec in &mut export.specifiers {
            if let ExportSpecifier::Named(ExportNamedSpecifier {
                orig: ModuleExportName::Ident(orig),
                ..
            }) = spec
            {
                self.resolve(orig);
            }
        }
    }

    fn visit_mut_export_all(&mut self, _: &mut ExportAll) {}

    // Type annotations (a TypeScript AST) name types, not values.
    fn visit_mut_ts_type_ann(&mut self, _: &mut TsTypeAnn) {}

    fn visit_mut_ts_type_param_decl(&mut self, _: &mut TsTypeParamDecl) {}

    fn visit_mut_ts_type_param_instantiation(&mut self, _: &mut TsTypeParamInstantiation) {}

    // ---- Scopes ---------------------------------------------------------------------------

    fn visit_mut_function(&mut self, f: &mut Function) {
        f.decorators.visit_mut_with(self);
        let mut names = Vec::new();
        for param in &f.params {
            pat_names(&param.pat, &mut names);
        }
        self.function(&mut f.params, names, true, f.body.as_mut());
    }

    fn visit_mut_arrow_expr(&mut self, f: &mut ArrowExpr) {
        let mut names = Vec::new();
        for param in &f.params {
            pat_names(param, &mut names);
        }
        match &mut *f.body {
            ArrowFunctionBody::FunctionBody(body) => {
                self.function(&mut f.params, names, false, Some(body))
            }
            ArrowFunctionBody::Expr(expr) => self.scope(names, |this| {
                f.params.visit_mut_with(this);
                expr.visit_mut_with(this);
            }),
        }
    }

    fn visit_mut_constructor(&mut self, c: &mut Constructor) {
        c.key.visit_mut_with(self);
        let mut names = Vec::new();
        for param in &c.params {
            match param {
                ParamOrTsParamProp::Param(p) => pat_names(&p.pat, &mut names),
                ParamOrTsParamProp::TsParamProp(p) => match &p.param {
                    TsParamPropParam::Ident(b) => names.push(b.id.sym.clone()),
                    TsParamPropParam::Assign(a) => pat_names(&a.left, &mut names),
                },
            }
        }
        self.function(&mut c.params, names, true, c.body.as_mut());
    }

    fn visit_mut_static_block(&mut self, b: &mut StaticBlock) {
        self.var_scope(&mut b.body.stmts);
    }

    fn visit_mut_fn_expr(&mut self, f: &mut FnExpr) {
        // A named function expression's name is bound in a scope of its own, around the function.
        match &mut f.ident {
            Some(ident) => {
                let names = vec![ident.sym.clone()];
                self.scope(names, |this| {
                    this.resolve(ident);
                    f.function.visit_mut_with(this);
                });
            }
            None => f.function.visit_mut_with(self),
        }
    }

    fn visit_mut_class_decl(&mut self, c: &mut ClassDecl) {
        self.resolve(&mut c.ident);
        // The class's own scope binds its name again (heritage and body see that binding).
        let names = vec![c.ident.sym.clone()];
        self.scope(names, |this| c.class.visit_mut_with(this));
    }

    fn visit_mut_class_expr(&mut self, c: &mut ClassExpr) {
        match &mut c.ident {
            Some(ident) => {
                let names = vec![ident.sym.clone()];
                self.scope(names, |this| {
                    this.resolve(ident);
                    c.class.visit_mut_with(this);
                });
            }
            None => c.class.visit_mut_with(self),
        }
    }

    fn visit_mut_export_default_decl(&mut self, export: &mut ExportDefaultDecl) {
        // `export default function f() {}` / `class C {}` bind their names at the top level.
        match &mut export.decl {
            DefaultDecl::Fn(f) => {
                if let Some(ident) = &mut f.ident {
                    self.resolve(ident);
                }
                f.function.visit_mut_with(self);
            }
            DefaultDecl::Class(c) => match &mut c.ident {
                Some(ident) => {
                    self.resolve(ident);
                    let names = vec![ident.sym.clone()];
                    self.scope(names, |this| c.class.visit_mut_with(this));
                }
                None => c.class.visit_mut_with(self),
            },
            DefaultDecl::TsInterfaceDecl(_) => {}
        }
    }

    fn visit_mut_block_stmt(&mut self, block: &mut BlockStmt) {
        let mut names = Vec::new();
        for stmt in &block.stmts {
            lexical_names(stmt, &mut names);
        }
        self.scope(names, |this| block.stmts.visit_mut_with(this));
    }

    fn visit_mut_for_stmt(&mut self, s: &mut ForStmt) {
        let mut names = Vec::new();
        if let Some(VarDeclOrExpr::VarDecl(var)) = &s.init {
            if var.kind != VarDeclKind::Var {
                var_names(var, &mut names);
            }
        }
        self.scope(names, |this| s.visit_mut_children_with(this));
    }

    fn visit_mut_for_in_stmt(&mut self, s: &mut ForInStmt) {
        let names = head_names(&s.left);
        self.scope(names, |this| s.visit_mut_children_with(this));
    }

    fn visit_mut_for_of_stmt(&mut self, s: &mut ForOfStmt) {
        let names = head_names(&s.left);
        self.scope(names, |this| s.visit_mut_children_with(this));
    }

    fn visit_mut_switch_stmt(&mut self, s: &mut SwitchStmt) {
        s.discriminant.visit_mut_with(self);
        let mut names = Vec::new();
        for case in &s.cases {
            for stmt in &case.cons {
                lexical_names(stmt, &mut names);
            }
        }
        self.scope(names, |this| s.cases.visit_mut_with(this));
    }

    fn visit_mut_catch_clause(&mut self, c: &mut CatchClause) {
        let mut names = Vec::new();
        if let Some(param) = &c.param {
            pat_names(param, &mut names);
        }
        self.scope(names, |this| c.visit_mut_children_with(this));
    }
}

fn pat_names(pat: &Pat, out: &mut Vec<Atom>) {
    let mut idents = Vec::new();
    pattern_names(pat, &mut idents);
    out.extend(idents.into_iter().map(|i| i.sym.clone()));
}

fn var_names(var: &VarDecl, out: &mut Vec<Atom>) {
    for d in &var.decls {
        pat_names(&d.name, out);
    }
}

/// The lexical names of a `for (let …` / `for (const …` / `for (using …` head.
fn head_names(head: &ForHead) -> Vec<Atom> {
    let mut names = Vec::new();
    match head {
        ForHead::VarDecl(var) if var.kind != VarDeclKind::Var => var_names(var, &mut names),
        ForHead::UsingDecl(using) => {
            for d in &using.decls {
                pat_names(&d.name, &mut names);
            }
        }
        _ => {}
    }
    names
}

/// The names a declaration binds in the statement list it is directly in (strict code: function
/// declarations are block-scoped), `var`s only if `vars`.
fn decl_names(decl: &Decl, vars: bool, out: &mut Vec<Atom>) {
    match decl {
        Decl::Fn(f) => out.push(f.ident.sym.clone()),
        Decl::Class(c) => out.push(c.ident.sym.clone()),
        Decl::Var(v) if v.kind != VarDeclKind::Var || vars => var_names(v, out),
        Decl::Using(u) => {
            for d in &u.decls {
                pat_names(&d.name, out);
            }
        }
        _ => {}
    }
}

fn lexical_names(stmt: &Stmt, out: &mut Vec<Atom>) {
    if let Stmt::Decl(decl) = stmt {
        decl_names(decl, false, out);
    }
}

/// The `var` names declared by `stmt` and the statements nested in it, up to (not into)
/// functions: what a var scope hoists. Each statement is walked by its own var scope only.
fn hoisted_vars(stmt: &Stmt, out: &mut Vec<Atom>) {
    let mut pending = vec![stmt];
    while let Some(stmt) = pending.pop() {
        match stmt {
            Stmt::Decl(Decl::Var(var)) if var.kind == VarDeclKind::Var => var_names(var, out),
            Stmt::Block(b) => pending.extend(b.stmts.iter().rev()),
            Stmt::If(s) => {
                if let Some(alt) = &s.alt {
                    pending.push(alt);
                }
                pending.push(&s.cons);
            }
            Stmt::Labeled(s) => pending.push(&s.body),
            Stmt::With(s) => pending.push(&s.body),
            Stmt::While(s) => pending.push(&s.body),
            Stmt::DoWhile(s) => pending.push(&s.body),
            Stmt::For(s) => {
                if let Some(VarDeclOrExpr::VarDecl(var)) = &s.init {
                    if var.kind == VarDeclKind::Var {
                        var_names(var, out);
                    }
                }
                pending.push(&s.body);
            }
            Stmt::ForIn(ForInStmt { left, body, .. })
            | Stmt::ForOf(ForOfStmt { left, body, .. }) => {
                if let ForHead::VarDecl(var) = left {
                    if var.kind == VarDeclKind::Var {
                        var_names(var, out);
                    }
                }
                pending.push(body);
            }
            Stmt::Switch(s) => {
                for case in s.cases.iter().rev() {
                    pending.extend(case.cons.iter().rev());
                }
            }
            Stmt::Try(s) => {
                if let Some(finalizer) = &s.finalizer {
                    pending.extend(finalizer.stmts.iter().rev());
                }
                if let Some(handler) = &s.handler {
                    pending.extend(handler.body.stmts.iter().rev());
                }
                pending.extend(s.block.stmts.iter().rev());
            }
            _ => {}
        }
    }
}
