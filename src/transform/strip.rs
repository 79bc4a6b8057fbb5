//! Type erasure in place: the TypeScript-only parts of a module are blanked to whitespace (line
//! breaks kept, each character replaced by as many spaces as it has UTF-16 units), so every
//! position of the JavaScript left over is the source's own and the hot transform edits that
//! text with the spans of the same parse. The approach of `swc_ts_fast_strip`, the engine under
//! Node's own type stripping; written against our parse so that no second parse is needed.
//! Blanks keep byte offsets (a character becomes as many spaces as it has UTF-8 bytes) so that
//! spans stay valid; columns are measured in the source, where they are unchanged.
//!
//! Only modules whose TypeScript is erasable take this path. Where TypeScript needs real code
//! (enums, namespaces, parameter properties, decorators, JSX, `accessor`, `import x = N.y`) or a
//! blank would change how the rest parses (a type assertion's tail before a line that starts
//! with `(`), `erase` returns `None` and the module is compiled (`typescript::compile`).

use std::collections::HashSet;

use swc_common::{Mark, Span, Spanned, SyntaxContext};
use swc_ecma_ast::*;
use swc_ecma_parser::unstable::TokenAndSpan;
use swc_ecma_transforms_base::resolver;
use swc_ecma_transforms_typescript::{typescript, Config as TsConfig};
use swc_ecma_visit::{Visit, VisitWith};

use super::code_hash::TokenHasher;
use super::model::Options;
use super::parse::Parsed;
use super::syntax::{hi, lo};
use super::typescript::TsParsed;

/// A module with its types erased in place.
pub struct Erased {
    /// The JavaScript: the source with the TypeScript blanked, byte for byte as long.
    pub text: String,
    /// The AST of the JavaScript left (types removed, type-only imports elided), with the
    /// source's spans, scopes resolved.
    pub parsed: Parsed,
    pub code_hash: String,
}

/// Blanks (byte ranges) and the one-character substitutions that keep statements apart.
#[derive(Default)]
struct Plan {
    blanks: Vec<(usize, usize)>,
    /// A `;` at the offset (the first character of a removed statement or class member).
    semicolons: Vec<usize>,
}

struct Eraser<'a> {
    text: &'a str,
    tokens: &'a [TokenAndSpan],
    plan: Plan,
    /// Set when something needs generated code or cannot be blanked safely.
    unsupported: bool,
    define_fields: bool,
}

/// Erases `parsed`'s types, or `None` if the module needs the compile path. Runs inside
/// `swc_common::GLOBALS`.
pub fn erase(parsed: TsParsed, text: &str, options: &Options) -> Result<Erased, TsParsed> {
    if options.lang.has_jsx() && !options.lang.is_typescript() {
        return Err(parsed);
    }
    let mut eraser = Eraser {
        text,
        tokens: &parsed.tokens,
        plan: Plan::default(),
        unsupported: false,
        define_fields: options.typescript.use_define_for_class_fields,
    };
    parsed.module.visit_with(&mut eraser);
    if eraser.unsupported {
        return Err(parsed);
    }
    let mut plan = eraser.plan;
    let TsParsed { module, tokens, .. } = parsed;

    // swc's TypeScript pass removes what the blanks removed from the tree, and elides imports
    // used only as types (by tsc's rules, or `verbatimModuleSyntax`); removed module items are
    // blanked in the text as well.
    let before: Vec<Span> = module.body.iter().map(Spanned::span).collect();
    let unresolved_mark = Mark::new();
    let top_level_mark = Mark::new();
    let mut program = Program::Module(module);
    program.mutate(resolver(unresolved_mark, top_level_mark, true));
    program.mutate(typescript(
        TsConfig {
            verbatim_module_syntax: options.typescript.verbatim_module_syntax,
            native_class_properties: options.typescript.use_define_for_class_fields,
            no_empty_export: true,
            ..Default::default()
        },
        unresolved_mark,
        top_level_mark,
    ));
    let Program::Module(module) = program else {
        unreachable!("a module stays a module")
    };
    let after: HashSet<Span> = module.body.iter().map(Spanned::span).collect();
    for span in before {
        if !after.contains(&span) {
            plan.remove_statement(span);
        }
    }

    // What else decides the JavaScript: the options (`verbatimModuleSyntax` keeps imports).
    let options_key = format!("erased {:?}", options.typescript);
    let (text, code_hash) = plan.render(text, &tokens, &options_key);
    Ok(Erased {
        text,
        parsed: Parsed {
            module,
            unresolved: SyntaxContext::empty().apply_mark(unresolved_mark),
        },
        code_hash,
    })
}

impl Plan {
    fn blank(&mut self, start: usize, end: usize) {
        if start < end {
            self.blanks.push((start, end));
        }
    }

    fn remove_statement(&mut self, span: Span) {
        self.blank(lo(span), hi(span));
        self.semicolons.push(lo(span));
    }

    /// The blanked text, and the hash of the tokens left (`code_hash`).
    fn render(
        mut self,
        text: &str,
        tokens: &[TokenAndSpan],
        options_key: &str,
    ) -> (String, String) {
        self.blanks.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(self.blanks.len());
        for (start, end) in self.blanks {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        self.semicolons.sort_unstable();
        self.semicolons.dedup();

        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        let mut semicolons = self.semicolons.iter().copied().peekable();
        for &(start, end) in &merged {
            out.push_str(&text[pos..start]);
            // Byte for byte as long, so the tree's spans index the blanked text too; columns
            // are measured in the source (`map.rs` gets it), where they are the same.
            for c in text[start..end].chars() {
                if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\t') {
                    out.push(c);
                } else {
                    for _ in 0..c.len_utf8() {
                        out.push(' ');
                    }
                }
            }
            // A semicolon in place of the first character of a removed statement, so the
            // statements around it stay apart (`a\n(b)` must not become a call).
            while let Some(at) = semicolons.next_if(|&at| at < end) {
                if at >= start && out.as_bytes()[at] == b' ' {
                    out.replace_range(at..at + 1, ";");
                }
            }
            pos = end;
        }
        out.push_str(&text[pos..]);

        // The hash of the tokens left, with the line breaks before them (ASI depends on them),
        // and the semicolons put in.
        let mut hasher = TokenHasher::new();
        hasher.token(options_key, false);
        let mut blank = merged.iter().peekable();
        let mut semicolons = self.semicolons.iter().copied().peekable();
        let (mut previous_start, mut previous_end) = (0, 0);
        for token in tokens {
            let (start, end) = (lo(token.span), hi(token.span));
            while blank.peek().is_some_and(|&&(_, e)| e <= start) {
                blank.next();
            }
            if blank.peek().is_some_and(|&&(s, e)| s <= start && end <= e) {
                continue;
            }
            while semicolons.next_if(|&at| at < start).is_some() {
                hasher.token(";", false);
            }
            let between = &out[previous_end.min(start)..start];
            let text = &out[start..end];
            let line_break = between.contains(['\n', '\r', '\u{2028}', '\u{2029}'])
                && restricted(&out[previous_start..previous_end], text);
            hasher.token(text, line_break);
            previous_start = start;
            previous_end = end;
        }
        for _ in semicolons {
            hasher.token(";", false);
        }
        (out, hasher.finish())
    }
}

/// Whether a line break between two tokens can change what the code means: the places where
/// ECMA-262 says "[no LineTerminator here]" (after `return`, `break`, `continue`, `yield`,
/// `throw`, `async`, before postfix `++`/`--` and `=>`), and the contextual words whose meaning a
/// line break changes (`let [`, `get`/`set`/`static`/`accessor` in classes). Elsewhere a line
/// break is whitespace: removing or adding one leaves a module that parses the same or not at
/// all.
fn restricted(previous: &str, token: &str) -> bool {
    matches!(token, "++" | "--" | "=>")
        || matches!(
            previous,
            "return"
                | "break"
                | "continue"
                | "yield"
                | "throw"
                | "async"
                | "let"
                | "get"
                | "set"
                | "static"
                | "accessor"
        )
}

impl Eraser<'_> {
    fn fail(&mut self) {
        self.unsupported = true;
    }

    /// Blanks the token that follows the one starting at `at`, if its text is `want`.
    fn blank_token_after(&mut self, at: usize, want: &str) {
        let index = self.tokens.partition_point(|t| lo(t.span) < at) + 1;
        if let Some(t) = self.tokens.get(index) {
            let (s, e) = (lo(t.span), hi(t.span));
            if &self.text[s..e] == want {
                self.plan.blank(s, e);
            }
        }
    }

    /// Blanks the first token at or after `at`, if its text is `want`.
    fn blank_token_at(&mut self, at: usize, want: &str) {
        let index = self.tokens.partition_point(|t| lo(t.span) < at);
        if let Some(t) = self.tokens.get(index) {
            let (s, e) = (lo(t.span), hi(t.span));
            if &self.text[s..e] == want {
                self.plan.blank(s, e);
            }
        }
    }

    /// The TypeScript modifiers (`public`, `readonly`, `override`, ...) among the tokens of
    /// `start..end` (a class member up to its key).
    fn blank_modifiers(&mut self, start: usize, end: usize) {
        let from = self.tokens.partition_point(|t| lo(t.span) < start);
        let mut found = Vec::new();
        for t in self.tokens[from..].iter().take_while(|t| hi(t.span) <= end) {
            let (s, e) = (lo(t.span), hi(t.span));
            if matches!(
                &self.text[s..e],
                "public"
                    | "private"
                    | "protected"
                    | "readonly"
                    | "override"
                    | "declare"
                    | "abstract"
            ) {
                found.push((s, e));
            }
        }
        for (s, e) in found {
            self.plan.blank(s, e);
        }
    }

    /// A type assertion's tail (`as T`, `satisfies T`, `!`) at `start..end`: blanked unless the
    /// next line starts with a character that would continue the expression without it.
    fn blank_tail(&mut self, start: usize, end: usize) {
        let next = self.tokens.partition_point(|t| lo(t.span) < end);
        if let Some(t) = self.tokens.get(next) {
            let first = self.text.as_bytes()[lo(t.span)];
            let newline = self.text[end..lo(t.span)].contains(['\n', '\r', '\u{2028}', '\u{2029}']);
            if newline && matches!(first, b'(' | b'[' | b'`' | b'+' | b'-' | b'/' | b'<') {
                self.fail();
                return;
            }
        }
        self.plan.blank(start, end);
    }

    /// A declaration that is only TypeScript (or `declare`d): the whole statement goes.
    fn type_only_decl(decl: &Decl) -> Option<bool> {
        Some(match decl {
            Decl::TsInterface(_) | Decl::TsTypeAlias(_) => true,
            Decl::Var(var) => var.declare,
            Decl::Fn(f) => f.declare || f.function.body.is_none(),
            Decl::Class(c) => c.declare,
            Decl::TsEnum(e) => e.declare,
            Decl::TsModule(m) if m.declare || m.global => true,
            Decl::TsModule(_) => return None,
            Decl::Using(_) => false,
            #[allow(unreachable_patterns)]
            _ => return None,
        })
    }

    fn statement_decl(&mut self, decl: &Decl, span: Span) -> bool {
        match Self::type_only_decl(decl) {
            Some(true) => {
                self.plan.remove_statement(span);
                true
            }
            Some(false) => false,
            None => {
                self.fail();
                true
            }
        }
    }
}

impl Visit for Eraser<'_> {
    fn visit_module_item(&mut self, item: &ModuleItem) {
        if self.unsupported {
            return;
        }
        match item {
            ModuleItem::ModuleDecl(decl) => match decl {
                // Import and export statements are removed by the hot transform (or, type-only
                // or elided, blanked after swc's pass); their specifiers need nothing here.
                ModuleDecl::Import(_) | ModuleDecl::ExportAll(_) => {}
                ModuleDecl::ExportNamed(_) => {}
                ModuleDecl::ExportDecl(export) => {
                    if !self.statement_decl(&export.decl, export.span) {
                        export.decl.visit_with(self);
                    }
                }
                ModuleDecl::ExportDefaultDecl(export) => match &export.decl {
                    DefaultDecl::TsInterfaceDecl(_) => self.plan.remove_statement(export.span),
                    DefaultDecl::Fn(f) if f.function.body.is_none() => {
                        self.plan.remove_statement(export.span)
                    }
                    _ => export.decl.visit_with(self),
                },
                ModuleDecl::ExportDefaultExpr(export) => export.expr.visit_with(self),
                ModuleDecl::TsImportEquals(decl) => {
                    if decl.is_type_only {
                        self.plan.remove_statement(decl.span);
                    } else {
                        self.fail();
                    }
                }
                ModuleDecl::TsNamespaceExport(decl) => self.plan.remove_statement(decl.span),
                _ => self.fail(),
            },
            ModuleItem::Stmt(stmt) => stmt.visit_with(self),
        }
    }

    fn visit_stmt(&mut self, stmt: &Stmt) {
        if self.unsupported {
            return;
        }
        if let Stmt::Decl(decl) = stmt {
            if self.statement_decl(decl, stmt.span()) {
                return;
            }
        }
        stmt.visit_children_with(self);
    }

    fn visit_ts_type_ann(&mut self, ann: &TsTypeAnn) {
        self.plan.blank(lo(ann.span), hi(ann.span));
    }

    fn visit_ts_type_param_decl(&mut self, params: &TsTypeParamDecl) {
        self.plan.blank(lo(params.span), hi(params.span));
    }

    fn visit_ts_type_param_instantiation(&mut self, args: &TsTypeParamInstantiation) {
        self.plan.blank(lo(args.span), hi(args.span));
    }

    fn visit_ts_as_expr(&mut self, e: &TsAsExpr) {
        e.expr.visit_with(self);
        self.blank_tail(hi(e.expr.span()), hi(e.span));
    }

    fn visit_ts_satisfies_expr(&mut self, e: &TsSatisfiesExpr) {
        e.expr.visit_with(self);
        self.blank_tail(hi(e.expr.span()), hi(e.span));
    }

    fn visit_ts_const_assertion(&mut self, e: &TsConstAssertion) {
        e.expr.visit_with(self);
        self.blank_tail(hi(e.expr.span()), hi(e.span));
    }

    fn visit_ts_non_null_expr(&mut self, e: &TsNonNullExpr) {
        e.expr.visit_with(self);
        self.plan.blank(hi(e.expr.span()), hi(e.span));
    }

    fn visit_ts_type_assertion(&mut self, _: &TsTypeAssertion) {
        // `<T>x`: blanking `<T>` could join `x` to the line before (`a\n<T>(b)` → `a(b)`);
        // the compiler parenthesises instead.
        self.fail();
    }

    fn visit_ts_instantiation(&mut self, e: &TsInstantiation) {
        e.expr.visit_with(self);
        self.plan.blank(lo(e.type_args.span), hi(e.type_args.span));
    }

    fn visit_ts_enum_decl(&mut self, _: &TsEnumDecl) {
        self.fail();
    }

    fn visit_ts_module_decl(&mut self, _: &TsModuleDecl) {
        self.fail();
    }

    fn visit_ts_param_prop(&mut self, _: &TsParamProp) {
        self.fail();
    }

    fn visit_decorator(&mut self, _: &Decorator) {
        self.fail();
    }

    fn visit_auto_accessor(&mut self, _: &AutoAccessor) {
        self.fail();
    }

    fn visit_jsx_element(&mut self, _: &JSXElement) {
        self.fail();
    }

    fn visit_jsx_fragment(&mut self, _: &JSXFragment) {
        self.fail();
    }

    fn visit_arrow_expr(&mut self, arrow: &ArrowExpr) {
        // A return type with a line break before `=>` would leave the arrow on a new line.
        if let Some(ret) = &arrow.return_type {
            if self.text[lo(ret.span)..hi(ret.span)].contains(['\n', '\r', '\u{2028}', '\u{2029}'])
            {
                self.fail();
                return;
            }
        }
        arrow.visit_children_with(self);
    }

    /// `this: T` goes with the comma after it.
    fn visit_ts_this_param(&mut self, param: &TsThisParam) {
        let end = hi(param.span);
        let next = self.tokens.partition_point(|t| lo(t.span) < end);
        let end = match self.tokens.get(next) {
            Some(t) if &self.text[lo(t.span)..hi(t.span)] == "," => hi(t.span),
            _ => end,
        };
        self.plan.blank(lo(param.span), end);
    }

    fn visit_binding_ident(&mut self, id: &BindingIdent) {
        if id.id.optional {
            self.blank_token_after(lo(id.id.span), "?");
        }
        id.type_ann.visit_with(self);
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        if d.definite {
            self.blank_token_after(lo(d.name.span()), "!");
        }
        d.visit_children_with(self);
    }

    fn visit_class(&mut self, class: &Class) {
        if class.is_abstract {
            // Whether the class's span starts at `abstract` or at `class`.
            let start = lo(class.span);
            let index = self.tokens.partition_point(|t| lo(t.span) < start);
            for t in [index.checked_sub(1), Some(index)].into_iter().flatten() {
                if let Some(t) = self.tokens.get(t) {
                    if &self.text[lo(t.span)..hi(t.span)] == "abstract" {
                        self.plan.blank(lo(t.span), hi(t.span));
                    }
                }
            }
        }
        if let (Some(first), Some(last)) = (class.implements.first(), class.implements.last()) {
            let keyword = self
                .tokens
                .partition_point(|t| lo(t.span) < lo(first.span))
                .checked_sub(1)
                .and_then(|i| self.tokens.get(i))
                .map(|t| lo(t.span));
            if let Some(keyword) = keyword {
                self.plan.blank(keyword, hi(last.span));
            }
        }
        class.super_class.visit_with(self);
        class.super_type_params.visit_with(self);
        class.type_params.visit_with(self);
        class.decorators.visit_with(self);
        for member in &class.body {
            self.class_member(member);
        }
    }
}

impl Eraser<'_> {
    fn class_member(&mut self, member: &ClassMember) {
        if self.unsupported {
            return;
        }
        let span = member.span();
        match member {
            ClassMember::TsIndexSignature(_) => self.plan.remove_statement(span),
            ClassMember::ClassProp(p) => {
                if p.declare || p.is_abstract {
                    self.plan.remove_statement(span);
                    return;
                }
                if !self.define_fields {
                    // `[[Set]]` semantics move fields into the constructor: compiled.
                    self.fail();
                    return;
                }
                self.blank_modifiers(lo(span), lo(p.key.span()));
                if p.is_optional || p.definite {
                    let mark = if p.is_optional { "?" } else { "!" };
                    self.blank_token_at(hi(p.key.span()), mark);
                }
                p.visit_children_with(self);
            }
            ClassMember::PrivateProp(p) => {
                if !self.define_fields {
                    self.fail();
                    return;
                }
                self.blank_modifiers(lo(span), lo(p.key.span));
                if p.is_optional || p.definite {
                    let mark = if p.is_optional { "?" } else { "!" };
                    self.blank_token_at(hi(p.key.span), mark);
                }
                p.visit_children_with(self);
            }
            ClassMember::Method(m) => {
                if m.is_abstract || m.function.body.is_none() {
                    self.plan.remove_statement(span);
                    return;
                }
                self.blank_modifiers(lo(span), lo(m.key.span()));
                if m.is_optional {
                    self.blank_token_at(hi(m.key.span()), "?");
                }
                m.visit_children_with(self);
            }
            ClassMember::PrivateMethod(m) => {
                if m.is_abstract || m.function.body.is_none() {
                    self.plan.remove_statement(span);
                    return;
                }
                self.blank_modifiers(lo(span), lo(m.key.span));
                m.visit_children_with(self);
            }
            ClassMember::Constructor(c) => {
                if c.body.is_none() {
                    self.plan.remove_statement(span);
                    return;
                }
                self.blank_modifiers(lo(span), lo(c.key.span()));
                c.visit_children_with(self);
            }
            ClassMember::AutoAccessor(_) => self.fail(),
            _ => member.visit_children_with(self),
        }
    }
}
