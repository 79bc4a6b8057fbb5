//! Snapshot tests of the shell for every import/export form, and of source maps as a readable
//! mapping view. Review changes with `cargo insta review`.

use super::*;

fn shell(source: &str) -> String {
    let options = Options {
        source_map: false,
        read_map_files: false,
        ..Options::default()
    };
    let output = transform_str(source, "file:///app/main.js", &options);
    assert!(output.errors.is_empty(), "{:#?}", output.errors);
    output.code
}

/// `url:line:column`, the frame and the message, as a reader wants to see a diagnostic.
fn render(d: &crate::diagnostic::Diagnostic) -> String {
    if d.line == 0 {
        return format!("{}\n{}", d.url, d.message);
    }
    format!(
        "{}:{}:{}\n{}\n{}",
        d.url, d.line, d.column, d.frame, d.message
    )
}

fn error(source: &str) -> String {
    let options = Options {
        source_map: false,
        read_map_files: false,
        ..Options::default()
    };
    let output = transform_str(source, "file:///app/main.js", &options);
    assert!(output.code.is_empty());
    output
        .errors
        .iter()
        .map(render)
        .collect::<Vec<_>>()
        .join("\n---\n")
}

macro_rules! snapshot {
    ($name:ident, $source:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(shell($source));
        }
    };
}

snapshot!(readme_example, "import { importedValue } from \"./a-module.js\";\nexport const exportedValue = \"hello world\";\nconsole.log(importedValue);\n");
snapshot!(
    default_and_named_imports,
    "import def, { a, b as c, \"s t\" as d } from \"./x.js\";\nconsole.log(def, a, c, d);\n"
);
snapshot!(
    namespace_import,
    "import * as ns from \"./x.js\";\nconsole.log(ns.a, ns);\n"
);
snapshot!(
    side_effect_imports,
    "import \"./a.js\";\nimport {} from \"./b.js\";\n"
);
snapshot!(json_import_attributes, "import data from \"./x.json\" with { type: \"json\" };\nimport other from \"./x.json\";\nconsole.log(data, other);\n");
snapshot!(export_declarations, "export const { a, b: [c, ...d] } = o;\nexport let e = 1, f;\nexport var g;\nexport function h() {}\nexport class K {}\nexport async function* gen() {}\n");
snapshot!(
    export_lists,
    "let x = 1, y = 2;\nexport { x, y as z, x as \"str name\" };\n"
);
snapshot!(barrel, "import def, { a, b as c } from \"./x.js\";\nimport * as ns from \"./x.js\";\nexport { a, c as cc, ns };\nexport default def;\n");
snapshot!(reexports, "export * from \"./star.js\";\nexport * as nsx from \"./star2.js\";\nexport { foo, bar as baz, default as qux, \"s-t\" as st } from \"./re.js\";\nexport { y as \"string name\" };\nlet y = 1;\n");
snapshot!(default_expression, "export default 1 + 2;\n");
snapshot!(
    default_anonymous_function,
    "export default function () { return 1; }\n"
);
snapshot!(
    default_anonymous_generator,
    "export default async function* () {}\n"
);
snapshot!(
    default_anonymous_class,
    "export default class extends Base {}\n"
);
snapshot!(default_arrow, "export default () => 1\n");
snapshot!(
    default_named_function,
    "export default function named() {}\n"
);
snapshot!(
    default_of_import_is_a_snapshot,
    "import { v } from \"./v.js\";\nexport default v;\n"
);
snapshot!(
    top_level_await,
    "const m = await import(\"./dyn.js\");\nconsole.log(import.meta.url);\n"
);
snapshot!(
    for_await_is_top_level_await,
    "{ for await (const x of xs) {} }\n"
);
snapshot!(
    await_using_is_top_level_await,
    "await using res = open();\n"
);
snapshot!(
    await_in_function_is_not,
    "export async function f() { await g(); }\nconst h = async () => await 1;\n"
);
snapshot!(using_declaration, "using res = open();\n");
snapshot!(
    dynamic_import_with_options,
    "const j = import(\"./x.json\", { with: { type: \"json\" } });\n"
);
snapshot!(
    evaluation_order_is_source_order,
    "export * from \"./a.js\";\nimport \"./b.js\";\nexport { z } from \"./c.js\";\n"
);
snapshot!(duplicate_specifier_different_attributes, "import a from \"./x.json\" with { type: \"json\" };\nimport b from \"./x.json\";\nimport c from \"./x.json\" with { type: \"json\" };\n");
snapshot!(
    reference_forms,
    "import { x, f, K } from \"./m.js\";\nconst o = { x, [x]: x, x: 1 };\no.x; o[x];\nf(); f`t`; new K(); typeof x;\nfunction g(a = x) { return () => x; }\nclass C extends K { #x = x; static s = x; m() { return x; } }\nx: for (;;) { break x; }\n"
);
snapshot!(
    shadowing,
    "import { x } from \"./m.js\";\nfunction p(x) { return x; }\n{ let x = 2; x; }\ntry {} catch (x) { x; }\nconst q = function x() { return x; };\nclass x2 { x() { return x; } }\n"
);
snapshot!(assignment_targets, "import { x } from \"./m.js\";\nx = 1;\nx++;\n({ x } = o);\n({ x = 2 } = o);\n[x] = a;\nfor (x of xs) {}\nx += 1;\n");
snapshot!(
    parenthesized_callee,
    "import { f } from \"./m.js\";\n(f)();\nf?.();\n"
);
snapshot!(generated_names_avoid_collisions, "import { a } from \"./m.js\";\nconst _$h = 1, _$meta = 2;\nconsole.log(a, _$h, import.meta);\n");
snapshot!(hashbang, "#!/usr/bin/env node\nconsole.log(1);\n");
snapshot!(empty_module, "");

fn json_options() -> Options {
    Options {
        format: Format::Json,
        source_map: false,
        ..Options::default()
    }
}

#[test]
fn json_module() {
    let options = json_options();
    insta::assert_snapshot!(
        transform_str(
            "{ \"a\": [1, \"</script>\"] }\n",
            "file:///app/x.json",
            &options
        )
        .code
    );
}

#[test]
fn invalid_json_is_a_diagnostic_with_a_frame() {
    let options = json_options();
    let output = transform_str(
        "{\n  \"a\": 1,\n  \"b\": 2,\n}\n",
        "file:///app/x.json",
        &options,
    );
    assert!(output.code.is_empty());
    insta::assert_snapshot!(render(&output.errors[0]));
}

#[test]
fn lines_are_preserved() {
    let source = "import { a } from \"./a.js\";\n\nexport const b = a;\n\nexport default function () {}\nconsole.log(b);\n";
    let code = shell(source);
    let body: Vec<&str> = code.lines().take(source.lines().count()).collect();
    assert!(body[2].contains("const b = _$h.a;"), "{code}");
    assert!(body[4].contains("function _$default"), "{code}");
    assert!(body[5].contains("console.log(b);"), "{code}");
}

#[test]
fn requests_metadata() {
    let output = transform_str(
        "import a, { b as c } from \"./x.js\";\nexport * from \"./y.js\";\nexport { c as d };\n",
        "file:///app/main.js",
        &Options::default(),
    );
    assert_eq!(output.requests.len(), 2);
    assert_eq!(output.requests[0].specifier, "./x.js");
    assert_eq!(
        output.requests[0].bindings,
        vec![
            Binding::Import {
                name: "default".into(),
                local: "a".into()
            },
            Binding::Import {
                name: "b".into(),
                local: "c".into()
            },
            Binding::IndirectExport {
                name: "b".into(),
                exported: "d".into()
            },
        ]
    );
    assert_eq!(output.requests[1].bindings, vec![Binding::ExportStar]);
    assert!(
        !output.uses_top_level_await && !output.uses_import_meta && !output.uses_dynamic_import
    );
}

#[test]
fn syntax_errors_have_a_frame() {
    insta::assert_snapshot!(error("const a = 1;\nconst b = ;\nconst c = 3;\n"));
}

#[test]
fn duplicate_exports_are_syntax_errors() {
    insta::assert_snapshot!(error("export const name = 1;\nexport { name };\n"));
}

#[test]
fn exporting_an_undeclared_name_is_a_syntax_error() {
    insta::assert_snapshot!(error("export { nope };\n"));
}

#[test]
fn redeclaring_an_import_is_a_syntax_error() {
    let message = error("import { a } from \"./a.js\";\nlet a = 1;\n");
    assert!(
        message.contains("Identifier 'a' has already been declared"),
        "{message}"
    );
}

#[test]
fn redeclaring_an_import_anywhere_in_its_scope_is_a_syntax_error() {
    for (source, line) in [
        ("import { a } from \"./a.js\";\n{ var a; }\n", 2),
        ("import { a } from \"./a.js\";\nfunction a() {}\n", 2),
        (
            "import { a } from \"./a.js\";\nexport default function a() {}\n",
            2,
        ),
        (
            "import { a } from \"./a.js\";\nexport default class a {}\n",
            2,
        ),
        (
            "import { a } from \"./a.js\";\nexport const { b: [a] } = o;\n",
            2,
        ),
        (
            "import { a } from \"./a.js\";\nimport { a } from \"./b.js\";\n",
            2,
        ),
    ] {
        let message = error(source);
        assert!(
            message.contains("Identifier 'a' has already been declared")
                && message.starts_with(&format!("file:///app/main.js:{line}:")),
            "{source}: {message}"
        );
    }
    // Declarations in inner scopes shadow it instead.
    shell("import { a } from \"./a.js\";\nfunction f(a) { var a; }\n{ let a; function a2() { var a; } }\ntry {} catch (a) {}\n");
}

snapshot!(
    computed_keys_evaluate_at_top_level,
    "class C { [await k] = 1; static [await k]() {} }\nconst o = { [await k]: 1, get [await k]() { return 1; } };\nclass D { f = async () => await 1; }\n"
);
snapshot!(default_forms, "export default (function () {});\n");
snapshot!(
    default_class_with_static_name,
    "export default class { static name = \"custom\"; }\n"
);
snapshot!(
    default_async_arrow_and_local_export_as_default,
    "let v = 1;\nexport { v as default };\nexport const f = async () => v;\n"
);
snapshot!(
    string_names_everywhere,
    "import { \"a-b\" as y } from \"./m.js\";\nlet x = y;\nexport { x as \"a-b\", y as \"c d\" };\nexport { \"s-t\" as c, \"u v\" as \"w x\" } from \"./n.js\";\n"
);
snapshot!(
    import_meta_hot_and_dynamic_import,
    "import.meta.hot?.accept();\nif (import.meta.dynoHot) {}\nfunction later() { return import(\"./x.js\", { with: { type: \"json\" } }); }\n"
);
snapshot!(
    imports_in_closures_classes_and_patterns,
    "import def, * as ns from \"./m.js\";\nimport { x, y } from \"./n.js\";\nconst { [x]: renamed = y, ...rest } = ns;\nconst [first = def] = [];\nlabel: { x; break label; }\nclass K extends def { static { x; } #y = y; get [x]() { return y; } }\nexport const arrow = (a = x, { b } = y) => ({ x, y, ns, def });\n"
);

#[test]
fn bytes_decode_as_node_decodes_them() {
    // A Latin-1 `é`, a truncated sequence and a surrogate's encoding become U+FFFD, one per
    // maximal subpart (WHATWG UTF-8 decode), and a leading BOM is dropped, as Node's
    // `TextDecoder` does for a module's bytes.
    let output = transform(
        b"\xEF\xBB\xBFconst a = '\xe9', b = '\xe2\x82', c = '\xed\xa0\x80'; // caf\xe9\n",
        "file:///app/latin1.js",
        &Options {
            source_map: false,
            ..Options::default()
        },
    );
    assert!(output.errors.is_empty(), "{:?}", output.errors);
    assert!(output.code.contains(
        "yield; const a = '\u{fffd}', b = '\u{fffd}', c = '\u{fffd}\u{fffd}\u{fffd}'; // caf\u{fffd}\n"
    ));
    assert!(!output.code.contains('\u{feff}'));
}

#[test]
fn moderately_deep_nesting_transforms_on_a_big_stack() {
    for source in [
        format!(
            "export const a = {}1{};",
            "[".repeat(5_000),
            "]".repeat(5_000)
        ),
        // Nesting without brackets (these used to overflow the caller's stack below 64 KB).
        format!("export const a = {}1;", "!".repeat(30_000)),
        format!("export let a; a = {}1;", "a = ".repeat(10_000)),
        format!("export const a = {}1;", "a ? b : ".repeat(10_000)),
        // A label chain (distinct labels: a repeated one is an early error).
        (0..3_000).map(|i| format!("l{i}: ")).collect::<String>() + ";",
        format!("if (a) {{}}{}", " else if (a) {{}}".repeat(3_000)),
    ] {
        let output = transform_str(&source, "file:///app/deep.js", &Options::default());
        assert!(output.errors.is_empty(), "{:?}", output.errors);
        // The body is the source, in place.
        assert!(
            output.code.contains(&source[source.len() - 40..]),
            "{}",
            &source[..40]
        );
    }
}

#[test]
fn brackets_in_strings_comments_and_regexes_are_not_nesting() {
    let brackets = "(".repeat(200_000);
    let source = format!(
        "export const s = \"{brackets}\";\n// {brackets}\nconst r = /\\({brackets}/;\nconst t = `{brackets}`;\n"
    );
    let output = transform_str(&source, "file:///app/strings.js", &Options::default());
    assert!(output.errors.is_empty(), "{:?}", output.errors);
}

#[test]
fn long_operator_chains_transform() {
    for source in [
        format!("export const a = 1{};", " + 1".repeat(100_000)),
        format!("export const a = b{};", ".c".repeat(100_000)),
        format!("export const a = f{};", "()".repeat(100_000)),
    ] {
        let output = transform_str(&source, "file:///app/chain.js", &Options::default());
        assert!(output.errors.is_empty(), "{:?}", output.errors);
    }
}

#[test]
fn ten_megabytes() {
    let line = "export const v0 = [1, 2, 3].map(x => x * 2);\n";
    let mut source = String::with_capacity(10 << 20);
    let mut i = 0;
    while source.len() < 10 << 20 {
        source.push_str(&line.replace("v0", &format!("v{i}")));
        i += 1;
    }
    let output = transform_str(&source, "file:///app/big.js", &Options::default());
    assert!(output.errors.is_empty());
    assert!(output.code.len() > source.len());
}

/// `gen L:C -> orig L:C` per mapping (1-based lines, 0-based columns as in source maps).
fn mapping_view(code: &str) -> String {
    let url = code
        .lines()
        .filter_map(|l| l.strip_prefix("//# sourceMappingURL="))
        .next_back()
        .expect("a source map");
    let map = match sourcemap::decode_data_url(url).expect("a valid map") {
        sourcemap::DecodedMap::Regular(map) => map,
        _ => panic!("not a regular map"),
    };
    let mut out = String::new();
    for token in map.tokens() {
        out.push_str(&format!(
            "gen {}:{} -> {} {}:{}\n",
            token.get_dst_line() + 1,
            token.get_dst_col(),
            token.get_source().unwrap_or("?"),
            token.get_src_line() + 1,
            token.get_src_col()
        ));
    }
    out
}

#[test]
fn source_map_view() {
    let source = "import { a } from \"./a.js\";\nexport const b = a + 1;\nfunction f() {\n  throw new Error(a);\n}\n";
    let output = transform_str(
        source,
        "file:///app/main.js",
        &Options {
            read_map_files: false,
            ..Options::default()
        },
    );
    insta::assert_snapshot!(mapping_view(&output.code));
}

#[test]
fn source_map_view_of_edits() {
    let source = "import {\n  a,\n  b,\n} from \"./a.js\";\nexport default function () {\n  return { a, b: b() };\n}\nexport const c = `${a}`;\n";
    let output = transform_str(
        source,
        "file:///app/main.js",
        &Options {
            read_map_files: false,
            ..Options::default()
        },
    );
    let view = mapping_view(&output.code);
    insta::assert_snapshot!(format!(
        "{source}\n{}\n{view}",
        output.code.lines().take(8).collect::<Vec<_>>().join("\n")
    ));
}

#[test]
fn source_maps_embed_sources_that_are_not_files() {
    let options = Options {
        read_map_files: false,
        ..Options::default()
    };
    let contents = |url: &str| {
        let code = transform_str("export const a = 1;\n", url, &options).code;
        let data = code
            .lines()
            .filter_map(|l| l.strip_prefix("//# sourceMappingURL="))
            .next_back()
            .unwrap()
            .to_string();
        match sourcemap::decode_data_url(&data).unwrap() {
            sourcemap::DecodedMap::Regular(map) => map.get_source_contents(0).map(str::to_string),
            _ => panic!(),
        }
    };
    assert_eq!(contents("file:///app/a.js"), None);
    assert_eq!(
        contents("data:text/javascript,export%20const%20a%20%3D%201%3B").as_deref(),
        Some("export const a = 1;\n")
    );
}

#[test]
fn source_map_composes_with_an_inline_input_map() {
    // An input map saying: generated line 1 comes from original.ts line 10.
    let mut builder = sourcemap::SourceMapBuilder::new(None);
    let src = builder.add_source("file:///app/original.ts");
    builder.add_raw(0, 0, 9, 4, Some(src), None, false);
    builder.add_raw(0, 6, 9, 10, Some(src), None, false);
    let input = builder.into_sourcemap().to_data_url().unwrap();
    let source = format!("const x = 1;\n//# sourceMappingURL={input}\n");
    let output = transform_str(
        &source,
        "file:///app/main.js",
        &Options {
            read_map_files: false,
            ..Options::default()
        },
    );
    let view = mapping_view(&output.code);
    assert!(
        view.lines()
            .any(|l| l.ends_with("file:///app/original.ts 10:4")),
        "{view}"
    );
    assert!(!view.contains("main.js"), "{view}");
}

#[test]
fn a_panic_becomes_an_internal_error_naming_the_file() {
    let output = catching_panics("file:///app/trigger.js", || panic!("something impossible"));
    let error = &output.errors[0];
    assert_eq!(error.code, crate::diagnostic::DiagnosticCode::Internal);
    assert_eq!(error.url, "file:///app/trigger.js");
    assert!(
        error.message.contains("This is a bug in dynohot"),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("something impossible"),
        "{}",
        error.message
    );
}

#[test]
fn source_map_composes_with_a_map_file_next_to_the_module() {
    let dir = std::env::temp_dir().join(format!("dynohot-map-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut builder = sourcemap::SourceMapBuilder::new(None);
    let src = builder.add_source("original.ts");
    builder.add_raw(0, 0, 41, 2, Some(src), None, false);
    let mut json = Vec::new();
    builder.into_sourcemap().to_writer(&mut json).unwrap();
    std::fs::write(dir.join("compiled.js.map"), json).unwrap();
    let url = format!("file://{}/compiled.js", dir.display());
    let output = transform_str(
        "const x = 1;\n//# sourceMappingURL=compiled.js.map\n",
        &url,
        &Options::default(),
    );
    let view = mapping_view(&output.code);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        view.lines().any(|l| l.ends_with("original.ts 42:2")),
        "{view}"
    );
}

/// Files another loader asked to watch are handed to the runtime by the shell itself, after the
/// controller accessor and before the trailing comments; the body's mappings do not move.
#[test]
fn watch_list_is_part_of_the_shell() {
    let source = "import { a } from \"./a.js\";\nexport const b = a;\nthrow new Error(b);\n";
    let url = "file:///app/main.js";
    let watch = vec![
        "file:///app/main.ts".to_string(),
        "file:///app/\"quoted\".ts".to_string(),
    ];
    let plain = Options {
        read_map_files: false,
        ..Options::default()
    };
    let watched = Options {
        watch: watch.clone(),
        ..plain.clone()
    };
    let without = transform_str(source, url, &plain).code;
    let with = transform_str(source, url, &watched).code;
    let line = "import * as _$runtime from \"hot:runtime\"; _$runtime.watch?.(\"file:///app/main.js\", [\"file:///app/main.ts\", \"file:///app/\\\"quoted\\\".ts\"]);";
    let lines: Vec<&str> = with.lines().collect();
    assert_eq!(lines[lines.len() - 3], line, "{with}");
    assert!(lines[lines.len() - 2].starts_with("//# sourceURL="));
    assert!(lines[lines.len() - 1].starts_with("//# sourceMappingURL="));
    assert!(!without.contains("watch?."));
    assert_eq!(mapping_view(&with), mapping_view(&without));

    // A runtime of the test's own: its namespace, already imported, gets the call.
    let own = transform_str(
        source,
        url,
        &Options {
            runtime: Some("./runtime.js".into()),
            source_map: false,
            ..watched.clone()
        },
    )
    .code;
    assert!(own.contains("import * as _$runtime from \"./runtime.js\";\n"));
    assert!(own.contains("\n_$runtime.watch?.(\"file:///app/main.js\", ["));
    assert!(!own.contains("\"hot:runtime\""));

    // JSON modules too.
    let json = transform_str(
        "{}",
        "file:///app/d.json",
        &Options {
            format: Format::Json,
            ..watched
        },
    )
    .code;
    assert!(json.contains("_$runtime.watch?.(\"file:///app/d.json\", [\"file:///app/main.ts\""));
}
