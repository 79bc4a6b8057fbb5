//! TypeScript, TSX and JSX sources (`options.lang` other than `"js"`): the one parse with the
//! dialect's syntax, the module-assignment errors tsc reports for ES modules, and the compile
//! path for what cannot be erased in place (enums, namespaces, parameter properties, decorators,
//! JSX): swc's own transforms, printed with a source map back to the source
//! (docs/ARCHITECTURE.md §1, "TypeScript").

use swc_common::comments::SingleThreadedComments;
use swc_common::source_map::SourceMapGenConfig;
use swc_common::sync::Lrc;
use swc_common::{FileName, Mark, SourceMap, Spanned};
use swc_ecma_ast::{
    CallExpr, Callee, EsVersion, Expr, Lit, Module, ModuleDecl, ModuleItem, Program, TsModuleRef,
};
use swc_ecma_codegen::text_writer::JsWriter;
use swc_ecma_codegen::{Config as CodegenConfig, Emitter};
use swc_ecma_parser::lexer::Lexer;
use swc_ecma_parser::unstable::{Capturing, TokenAndSpan};
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax, TsSyntax};
use swc_ecma_transforms_base::helpers::{inject_helpers, Helpers, HELPERS};
use swc_ecma_transforms_base::{fixer::fixer, hygiene::hygiene, resolver};
use swc_ecma_transforms_proposal::decorator_2023_11::decorator_2023_11;
use swc_ecma_transforms_proposal::decorators::{decorators, Config as DecoratorConfig};
use swc_ecma_transforms_react::{react, Runtime};
use swc_ecma_transforms_typescript::{tsx, typescript, Config as TsConfig, TsxConfig};
use swc_ecma_visit::{VisitMut, VisitMutWith};

use super::early_errors;
use super::model::{Jsx, Lang, Options};
use super::syntax::{lo, BASE};
use crate::diagnostic::Diagnostic;

/// tsc's texts for the CommonJS forms an ES module cannot have.
pub const TS1202: &str = "Import assignment cannot be used when targeting ECMAScript modules. Consider using 'import * as ns from \"mod\"', 'import {a} from \"mod\"', 'import d from \"mod\"', or another module format instead.";
pub const TS1203: &str = "Export assignment cannot be used when targeting ECMAScript modules. Consider using 'export default' or another module format instead.";

/// A TypeScript (or JSX) module as parsed: its AST, the tokens the parser read (the eraser looks
/// up `?`, `!` and modifiers among them) and the comments (JSX pragmas).
pub struct TsParsed {
    pub module: Module,
    pub tokens: Vec<TokenAndSpan>,
    pub comments: SingleThreadedComments,
}

fn syntax(lang: Lang) -> Syntax {
    match lang {
        Lang::Ts | Lang::Tsx => Syntax::Typescript(TsSyntax {
            tsx: lang == Lang::Tsx,
            decorators: true,
            ..Default::default()
        }),
        Lang::Jsx | Lang::Js => Syntax::Es(EsSyntax {
            jsx: lang == Lang::Jsx,
            decorators: true,
            import_attributes: true,
            explicit_resource_management: true,
            ..Default::default()
        }),
    }
}

/// Parses `text` in its dialect (inside `swc_common::GLOBALS`); the first syntax error, with its
/// position in `text`, is the `Err`.
pub fn parse(text: &str, url: &str, lang: Lang) -> Result<TsParsed, Diagnostic> {
    let comments = SingleThreadedComments::default();
    let input = StringInput::new(
        text,
        swc_common::BytePos(BASE),
        swc_common::BytePos(BASE + text.len() as u32),
    );
    let lexer = Capturing::new(Lexer::new(
        syntax(lang),
        EsVersion::latest(),
        input,
        Some(&comments),
    ));
    let mut parser = Parser::new_from(lexer);
    let parsed = parser.parse_module();
    let mut recovered = parser.take_errors();
    let error = match parsed {
        Ok(module) if recovered.is_empty() => {
            let tokens = parser.input_mut().iter_mut().take();
            check_module_assignments(text, url, &module)?;
            return Ok(TsParsed {
                module,
                tokens,
                comments,
            });
        }
        Ok(_) => recovered.remove(0),
        Err(e) => e,
    };
    Err(Diagnostic::syntax_error(
        url,
        text,
        lo(error.span()),
        early_errors::v8_message(text, lo(error.span()), error.kind().msg().into_owned()),
    ))
}

/// `import x = require("y")` and `export = x` are CommonJS: tsc refuses them in an ES module
/// (TS1202, TS1203), and so do we, at the statement.
fn check_module_assignments(text: &str, url: &str, module: &Module) -> Result<(), Diagnostic> {
    for item in &module.body {
        let (span, code, message) = match item {
            ModuleItem::ModuleDecl(ModuleDecl::TsImportEquals(decl))
                if !decl.is_type_only
                    && matches!(decl.module_ref, TsModuleRef::TsExternalModuleRef(_)) =>
            {
                (decl.span, 1202, TS1202)
            }
            ModuleItem::ModuleDecl(ModuleDecl::TsExportAssignment(decl)) => {
                (decl.span, 1203, TS1203)
            }
            _ => continue,
        };
        return Err(Diagnostic::syntax_error(
            url,
            text,
            lo(span),
            format!("TS{code}: {message}"),
        ));
    }
    Ok(())
}

/// JavaScript compiled from a TypeScript or JSX module, with its source map back to the source.
pub struct Compiled {
    pub code: String,
    pub map: Option<sourcemap::SourceMap>,
}

/// Compiles a parsed module with swc's transforms: decorators (legacy with
/// `experimentalDecorators`, else the 2023-11 standard ones), TypeScript (types removed, unused
/// imports elided unless `verbatimModuleSyntax`, enums, namespaces, parameter properties), JSX;
/// then prints it. Runs inside `swc_common::GLOBALS`.
pub fn compile(parsed: TsParsed, text: &str, url: &str, options: &Options) -> Compiled {
    let TsParsed {
        module, comments, ..
    } = parsed;
    let cm: Lrc<SourceMap> = Default::default();
    // The parse used positions from `BASE`, which is where a new map's first file starts.
    let file = cm.new_source_file(Lrc::new(FileName::Custom(url.into())), text.to_string());
    debug_assert_eq!(file.start_pos.0, BASE);
    let ts = &options.typescript;
    let lang = options.lang;
    let mut program = Program::Module(module);
    HELPERS.set(&Helpers::new(false), || {
        let unresolved_mark = Mark::new();
        let top_level_mark = Mark::new();
        program.mutate(resolver(
            unresolved_mark,
            top_level_mark,
            lang.is_typescript(),
        ));
        if ts.experimental_decorators {
            program.mutate(decorators(DecoratorConfig {
                legacy: true,
                emit_metadata: ts.emit_decorator_metadata && lang.is_typescript(),
                use_define_for_class_fields: ts.use_define_for_class_fields,
            }));
            if ts.emit_decorator_metadata && lang.is_typescript() {
                program.visit_mut_with(&mut ClassMetadata);
            }
        } else {
            program.mutate(decorator_2023_11());
        }
        if lang.is_typescript() {
            let config = TsConfig {
                verbatim_module_syntax: ts.verbatim_module_syntax,
                native_class_properties: ts.use_define_for_class_fields,
                // An ES module stays one without an `export {}` marker (the shell is a module).
                no_empty_export: true,
                ..Default::default()
            };
            if lang == Lang::Tsx {
                program.mutate(tsx(
                    cm.clone(),
                    config,
                    TsxConfig {
                        pragma: ts.jsx_factory.clone().map(Into::into),
                        pragma_frag: ts.jsx_fragment_factory.clone().map(Into::into),
                    },
                    &comments,
                    unresolved_mark,
                    top_level_mark,
                ));
            } else {
                program.mutate(typescript(config, unresolved_mark, top_level_mark));
            }
        }
        if lang.has_jsx() {
            program.mutate(react(
                cm.clone(),
                Some(&comments),
                swc_ecma_transforms_react::Options {
                    next: Some(true),
                    runtime: Some(match ts.jsx {
                        Jsx::React => Runtime::Classic,
                        Jsx::ReactJsx | Jsx::ReactJsxDev => Runtime::Automatic,
                    }),
                    development: Some(ts.jsx == Jsx::ReactJsxDev),
                    import_source: ts.jsx_import_source.clone().map(Into::into),
                    pragma: ts.jsx_factory.clone().map(Into::into),
                    pragma_frag: ts.jsx_fragment_factory.clone().map(Into::into),
                    ..Default::default()
                },
                top_level_mark,
                unresolved_mark,
            ));
        }
        program.mutate(inject_helpers(unresolved_mark));
        program.mutate(hygiene());
        program.mutate(fixer(None));
    });
    let mut code = Vec::with_capacity(text.len());
    let mut mappings = Vec::new();
    {
        let mut emitter = Emitter {
            cfg: CodegenConfig::default().with_target(EsVersion::latest()),
            comments: None,
            cm: cm.clone(),
            wr: JsWriter::new(cm.clone(), "\n", &mut code, Some(&mut mappings)),
        };
        // Writing into a `Vec` cannot fail.
        let _ = emitter.emit_program(&program);
    }
    let code = String::from_utf8(code).unwrap_or_default();
    let map = cm.build_source_map(&mappings, None, MapConfig { url });
    let mut json = Vec::new();
    let map = map
        .to_writer(&mut json)
        .ok()
        .and_then(|_| sourcemap::SourceMap::from_slice(&json).ok());
    Compiled { code, map }
}

/// tsc records `design:paramtypes` for a class decorator, never `design:type` (that one is for
/// members: a method's is `Function`); swc's legacy pass adds `design:type = Function` to the
/// class's own list too, which code reading metadata would see. A class's list is the one
/// `_ts_decorate([...], Class)` call with two arguments (members pass the prototype, the key and
/// a descriptor), so its `_ts_metadata("design:type", …)` entries are dropped there.
struct ClassMetadata;

impl VisitMut for ClassMetadata {
    fn visit_mut_call_expr(&mut self, call: &mut CallExpr) {
        call.visit_mut_children_with(self);
        let is_decorate = matches!(&call.callee, Callee::Expr(callee) if matches!(&**callee, Expr::Ident(id) if &*id.sym == "_ts_decorate"));
        if !is_decorate || call.args.len() != 2 {
            return;
        }
        if let Expr::Array(list) = &mut *call.args[0].expr {
            list.elems.retain(|element| {
                !element
                    .as_ref()
                    .is_some_and(|element| is_design_type(&element.expr))
            });
        }
    }
}

/// `_ts_metadata("design:type", …)`.
fn is_design_type(expr: &Expr) -> bool {
    let Expr::Call(call) = expr else { return false };
    let is_metadata = matches!(&call.callee, Callee::Expr(callee) if matches!(&**callee, Expr::Ident(id) if &*id.sym == "_ts_metadata"));
    is_metadata
        && call.args.first().is_some_and(
            |arg| matches!(&*arg.expr, Expr::Lit(Lit::Str(key)) if &*key.value == "design:type"),
        )
}

struct MapConfig<'a> {
    url: &'a str,
}

impl SourceMapGenConfig for MapConfig<'_> {
    fn file_name_to_source(&self, _: &FileName) -> String {
        self.url.to_string()
    }

    /// As for JavaScript modules (`map.rs`): a `file:` module's text is read by Node when needed.
    fn inline_sources_content(&self, _: &FileName) -> bool {
        !self.url.starts_with("file:")
    }
}
