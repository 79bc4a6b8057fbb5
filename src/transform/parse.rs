//! Step 1 of the pipeline: parse the module with swc and, where the analysis will need it,
//! resolve scopes (so a reference to an import can be told from a local of the same name).

use swc_common::{Mark, Spanned, SyntaxContext};
use swc_ecma_ast::{Module, ModuleDecl, ModuleItem};
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax};
use swc_ecma_transforms_base::resolver;
use swc_ecma_visit::VisitMutWith;

use super::early_errors;
use super::syntax::{lo, BASE};
use crate::diagnostic::Diagnostic;

pub struct Parsed {
    pub module: Module,
    /// The context swc's resolver gives references to undeclared names.
    pub unresolved: SyntaxContext,
}

/// Parses `text` (must run inside `swc_common::GLOBALS`); the first syntax error, as V8 reports
/// only the first, is the `Err`.
pub fn parse(text: &str, url: &str) -> Result<Parsed, Diagnostic> {
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
            return Err(Diagnostic::syntax_error(
                url,
                text,
                lo(e.span()),
                early_errors::v8_message(text, lo(e.span()), e.kind().msg().into_owned()),
            ));
        }
        Err(e) => {
            return Err(Diagnostic::syntax_error(
                url,
                text,
                lo(e.span()),
                early_errors::v8_message(text, lo(e.span()), e.kind().msg().into_owned()),
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
    Ok(Parsed { module, unresolved })
}
