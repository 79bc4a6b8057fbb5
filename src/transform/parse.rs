//! Step 1 of the pipeline: parse the module with swc and, where the analysis will need it,
//! resolve scopes (so a reference to an import can be told from a local of the same name).

use swc_common::{Spanned, SyntaxContext};
use swc_ecma_ast::{Module, ModuleDecl, ModuleItem};
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax};

use super::early_errors;
use super::resolve::{resolve, Contexts};
use super::syntax::{lo, BASE};
use crate::diagnostic::Diagnostic;

pub struct Parsed {
    pub module: Module,
    /// The context scope resolution gives references to undeclared names.
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
    // lists, and a free `arguments`) from other bindings; most leaf modules have none, and skip
    // the pass.
    let needs_scopes = text.contains("arguments")
        || text.contains("\\u")
        || module.body.iter().any(|item| match item {
            ModuleItem::ModuleDecl(ModuleDecl::Import(decl)) => !decl.specifiers.is_empty(),
            ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(named)) => named.src.is_none(),
            _ => false,
        });
    let contexts = Contexts::new();
    if needs_scopes {
        resolve(&mut module, contexts);
    }
    Ok(Parsed {
        module,
        unresolved: contexts.unresolved,
    })
}
