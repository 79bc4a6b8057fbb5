//! Step 3 of the pipeline: one pass over the module body after scope resolution rewrites
//! references to imported bindings into holder reads, `import.meta` and `import()` into the
//! generator's parameters, detects top-level await, and records source-map anchors.
//!
//! Imported bindings are live and read-only. The holder object has an accessor property per
//! imported local, so `x` becomes `$h.x` everywhere a reference can appear, including assignment
//! targets (the holder's setter throws the native `TypeError`). Calls become `(0, $h.x)(…)` so
//! the callee's `this` is `undefined`, as for a native imported function.
//!
//! A module has no `arguments`: at its top level (arrow functions included) the name is an
//! unresolvable reference, so `typeof arguments` is `"undefined"` and reading it throws
//! `ReferenceError: arguments is not defined` (unless the global object has the property). The
//! body runs in a generator, whose own `arguments` would answer instead: such references read
//! the shell's `arguments` helper, which looks the name up on the global object.

use swc_common::SyntaxContext;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::analyse::Imports;
use super::edits::Edits;
use super::names::Names;
use super::syntax::{hi, lo, unparen};

/// What the rewrite found, for the shell and the source map.
pub struct Rewritten {
    /// Offsets into the source that get a source-map mapping (unsorted, may repeat).
    pub anchors: Vec<usize>,
    pub uses_top_level_await: bool,
    pub uses_import_meta: bool,
    pub uses_dynamic_import: bool,
    /// A top-level reference to `arguments` reads the shell's helper.
    pub uses_arguments: bool,
}

/// Rewrites the module's body (its import/export declarations were handled by the analysis),
/// adding the edits to `edits`.
pub fn rewrite(
    module: &Module,
    imports: &Imports,
    unresolved: SyntaxContext,
    names: &Names,
    edits: &mut Edits,
) -> Rewritten {
    let mut rewriter = Rewriter {
        imports,
        unresolved,
        arguments: &names.arguments,
        holder: &names.holder,
        meta: &names.meta,
        dynamic_import: &names.dynamic_import,
        edits,
        found: Rewritten {
            anchors: Vec::new(),
            uses_top_level_await: false,
            uses_import_meta: false,
            uses_dynamic_import: false,
            uses_arguments: false,
        },
        function_depth: 0,
    };
    for item in &module.body {
        match item {
            ModuleItem::ModuleDecl(
                ModuleDecl::Import(_) | ModuleDecl::ExportAll(_) | ModuleDecl::ExportNamed(_),
            ) => {}
            item => item.visit_with(&mut rewriter),
        }
    }
    rewriter.found
}

struct Rewriter<'a> {
    imports: &'a Imports,
    /// The context of names declared nowhere in the module.
    unresolved: SyntaxContext,
    arguments: &'a str,
    holder: &'a str,
    meta: &'a str,
    dynamic_import: &'a str,
    edits: &'a mut Edits,
    found: Rewritten,
    function_depth: u32,
}

impl<'a> Rewriter<'a> {
    fn imported(&self, ident: &Ident) -> Option<&'a String> {
        if self.imports.is_empty() {
            return None;
        }
        self.imports.get(&ident.to_id())
    }

    fn read(&self, local: &str) -> String {
        format!("{}.{}", self.holder, local)
    }

    /// An identifier in a reference position: a read of the holder if it names an import
    /// (`key: $h.x` where it was a shorthand property).
    fn reference(&mut self, ident: &Ident, shorthand: bool) {
        self.found.anchors.push(lo(ident.span));
        if let Some(local) = self.imported(ident) {
            let read = self.read(local);
            let text = if shorthand {
                format!("{}: {read}", ident.sym)
            } else {
                read
            };
            self.edits.replace(lo(ident.span), hi(ident.span), text);
        } else if self.is_free_arguments(ident) {
            let read = format!("{}(true)", self.arguments);
            let text = if shorthand {
                format!("arguments: {read}")
            } else {
                read
            };
            self.found.uses_arguments = true;
            self.edits.replace(lo(ident.span), hi(ident.span), text);
        }
    }

    /// `arguments` declared nowhere: outside every non-arrow function (scope resolution declares
    /// it in each of those).
    fn is_free_arguments(&self, ident: &Ident) -> bool {
        &*ident.sym == "arguments" && ident.ctxt == self.unresolved
    }

    /// A callee position: `x(…)` / `` x`…` `` must not receive the holder as `this`.
    fn rewrite_callee(&mut self, callee: &Expr) -> bool {
        if let Expr::Ident(ident) = unparen(callee) {
            if let Some(local) = self.imported(ident) {
                self.found.anchors.push(lo(ident.span));
                let text = format!("(0, {})", self.read(local));
                self.edits.replace(lo(ident.span), hi(ident.span), text);
                return true;
            }
        }
        false
    }

    fn nested<T: VisitWith<Self> + ?Sized>(&mut self, node: &T) {
        self.function_depth += 1;
        node.visit_children_with(self);
        self.function_depth -= 1;
    }

    fn top_level_await(&mut self) {
        if self.function_depth == 0 {
            self.found.uses_top_level_await = true;
        }
    }
}

impl Visit for Rewriter<'_> {
    fn visit_expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Ident(ident) => self.reference(ident, false),
            Expr::MetaProp(MetaPropExpr {
                span,
                kind: MetaPropKind::ImportMeta,
            }) => {
                self.found.anchors.push(lo(*span));
                self.found.uses_import_meta = true;
                self.edits
                    .replace(lo(*span), hi(*span), self.meta.to_string());
            }
            _ => {
                self.found.anchors.push(lo(swc_common::Spanned::span(expr)));
                expr.visit_children_with(self);
            }
        }
    }

    fn visit_unary_expr(&mut self, unary: &UnaryExpr) {
        if unary.op == UnaryOp::TypeOf {
            if let Expr::Ident(ident) = unparen(&unary.arg) {
                if self.is_free_arguments(ident) {
                    // `typeof` of an unresolvable reference does not throw.
                    self.found.anchors.push(lo(ident.span));
                    self.found.uses_arguments = true;
                    let text = format!("{}(false)", self.arguments);
                    self.edits.replace(lo(ident.span), hi(ident.span), text);
                    return;
                }
            }
        }
        unary.visit_children_with(self);
    }

    fn visit_call_expr(&mut self, call: &CallExpr) {
        match &call.callee {
            Callee::Import(import) => {
                self.found.anchors.push(lo(import.span));
                self.found.uses_dynamic_import = true;
                self.edits.replace(
                    lo(import.span),
                    hi(import.span),
                    self.dynamic_import.to_string(),
                );
            }
            Callee::Expr(callee) => {
                if !self.rewrite_callee(callee) {
                    callee.visit_with(self);
                }
            }
            Callee::Super(_) => {}
        }
        call.args.visit_with(self);
    }

    fn visit_opt_call(&mut self, call: &OptCall) {
        if !self.rewrite_callee(&call.callee) {
            call.callee.visit_with(self);
        }
        call.args.visit_with(self);
    }

    fn visit_tagged_tpl(&mut self, tagged: &TaggedTpl) {
        if !self.rewrite_callee(&tagged.tag) {
            tagged.tag.visit_with(self);
        }
        tagged.tpl.visit_with(self);
    }

    fn visit_prop(&mut self, prop: &Prop) {
        if let Prop::Shorthand(ident) = prop {
            self.reference(ident, true);
            return;
        }
        prop.visit_children_with(self);
    }

    fn visit_simple_assign_target(&mut self, target: &SimpleAssignTarget) {
        if let SimpleAssignTarget::Ident(binding) = target {
            self.reference(&binding.id, false);
            return;
        }
        target.visit_children_with(self);
    }

    fn visit_pat(&mut self, pat: &Pat) {
        // Only assignment patterns can name an import (a declaration would shadow it).
        if let Pat::Ident(binding) = pat {
            self.reference(&binding.id, false);
            return;
        }
        pat.visit_children_with(self);
    }

    fn visit_object_pat_prop(&mut self, prop: &ObjectPatProp) {
        if let ObjectPatProp::Assign(assign) = prop {
            self.reference(&assign.key.id, true);
            assign.value.visit_with(self);
            return;
        }
        prop.visit_children_with(self);
    }

    fn visit_ident(&mut self, ident: &Ident) {
        self.found.anchors.push(lo(ident.span));
    }

    fn visit_ident_name(&mut self, ident: &IdentName) {
        self.found.anchors.push(lo(ident.span));
    }

    fn visit_decl(&mut self, decl: &Decl) {
        self.found.anchors.push(lo(swc_common::Spanned::span(decl)));
        decl.visit_children_with(self);
    }

    fn visit_stmt(&mut self, stmt: &Stmt) {
        self.found.anchors.push(lo(swc_common::Spanned::span(stmt)));
        stmt.visit_children_with(self);
    }

    fn visit_await_expr(&mut self, expr: &AwaitExpr) {
        self.top_level_await();
        expr.visit_children_with(self);
    }

    fn visit_for_of_stmt(&mut self, stmt: &ForOfStmt) {
        if stmt.is_await {
            self.top_level_await();
        }
        stmt.visit_children_with(self);
    }

    fn visit_using_decl(&mut self, decl: &UsingDecl) {
        if decl.is_await {
            self.top_level_await();
        }
        decl.visit_children_with(self);
    }

    fn visit_function(&mut self, f: &Function) {
        self.nested(f);
    }

    fn visit_arrow_expr(&mut self, f: &ArrowExpr) {
        self.nested(f);
    }

    // Computed keys are evaluated where the class or object literal is (`[await x]` at top level
    // is top-level await); bodies (`visit_function`) and field initialisers are functions of their
    // own.
    fn visit_constructor(&mut self, f: &Constructor) {
        self.nested(f);
    }

    fn visit_class_prop(&mut self, p: &ClassProp) {
        p.key.visit_with(self);
        self.function_depth += 1;
        p.value.visit_with(self);
        self.function_depth -= 1;
    }

    fn visit_private_prop(&mut self, p: &PrivateProp) {
        self.nested(p);
    }

    fn visit_static_block(&mut self, b: &StaticBlock) {
        self.nested(b);
    }
}
