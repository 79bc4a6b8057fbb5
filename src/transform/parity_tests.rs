//! Parity with V8: scope resolution at any depth, a module's free `arguments`, import phases,
//! and the chains swc's parser cannot take in linear time.

use super::*;

fn transformed(source: &str) -> Output {
    let options = Options {
        source_map: false,
        read_map_files: false,
        ..Options::default()
    };
    transform_str(source, "file:///app/main.js", &options)
}

fn body(source: &str) -> String {
    let output = transformed(source);
    assert!(output.errors.is_empty(), "{:?}", output.errors);
    output.code
}

fn first_error(source: &str) -> String {
    let output = transformed(source);
    let d = output.errors.first().expect("an error");
    format!("{}:{} {}", d.line, d.column, d.message)
}

#[test]
fn class_heritage_at_depth_is_resolved_once() {
    // swc's resolver visited each `extends` twice: 2^depth. Depth 10,000 now completes, and the
    // import at the bottom is still found.
    let n = 10_000;
    let source = format!(
        "import x from './x.js';\nconst A = {}x{};\n",
        "class extends (".repeat(n),
        ") {}".repeat(n)
    );
    let code = body(&source);
    assert!(
        code.contains("(_$h.x) {}"),
        "the innermost heritage reads the holder"
    );
    assert!(!code.contains("(x)"));
}

#[test]
fn deep_blocks_resolve_in_one_pass() {
    let n = 10_000;
    let source = format!(
        "import x from './x.js';\n{}let y = x; var v = y;{}\nexport {{ v }};\n",
        "{ ".repeat(n),
        " }".repeat(n)
    );
    let code = body(&source);
    assert!(code.contains("let y = _$h.x; var v = y;"));
    assert!(
        code.contains("\"v\": () => v"),
        "a var hoisted out of blocks is exported"
    );
}

#[test]
fn scopes_shadow_imports_as_ecma262_says() {
    let code = body(concat!(
        "import { a, b, c, d, e, f, g, h } from './m.js';\n",
        "function f1(a) { return a; }\n",
        "const f2 = (b = c) => b;\n",
        "try {} catch (c) { c; }\n",
        "for (let d of [d]) d;\n",
        "{ function e() {} e(); }\n",
        "const K = class f { m() { return f; } };\n",
        "const F = function g() { return g; };\n",
        "{ class h {} h; }\n",
        "switch (1) { case 1: let a = 1; a; }\n",
        "label: for (;;) { break label; }\n",
        "console.log(a, b, c, d, e, f, g, h);\n",
    ));
    // Each shadowed use stays; the default `= c` and `[d]` (in the loop head's TDZ scope: a
    // ReferenceError natively too) and the last line read imports.
    assert!(code.contains("function f1(a) { return a; }"));
    assert!(code.contains("(b = _$h.c) => b;"));
    assert!(code.contains("catch (c) { c; }"));
    assert!(code.contains("for (let d of [d]) d;"));
    assert!(code.contains("{ function e() {} e(); }"));
    assert!(code.contains("class f { m() { return f; } }"));
    assert!(code.contains("function g() { return g; }"));
    assert!(code.contains("{ class h {} h; }"));
    assert!(code.contains("let a = 1; a; }"));
    assert!(code.contains("console.log(_$h.a, _$h.b, _$h.c, _$h.d, _$h.e, _$h.f, _$h.g, _$h.h);"));
}

#[test]
fn a_var_in_a_block_clashes_with_an_import() {
    assert_eq!(
        first_error("import x from './x.js';\n{ { var x; } }\n"),
        "2:9 SyntaxError: Identifier 'x' has already been declared"
    );
    // A function's own var does not.
    assert!(
        transformed("import x from './x.js';\nfunction f() { { var x; } }\n")
            .errors
            .is_empty()
    );
}

#[test]
fn a_modules_free_arguments_reads_the_global_object() {
    let code = body(concat!(
        "console.log(typeof arguments, typeof (arguments));\n",
        "const f = () => arguments;\n",
        "const o = { arguments };\n",
        "function g() { return arguments; }\n",
        "const h = { m() { return () => arguments; } };\n",
    ));
    assert!(code.contains("console.log(typeof _$arguments(false), typeof (_$arguments(false)));"));
    assert!(code.contains("const f = () => _$arguments(true);"));
    assert!(code.contains("const o = { arguments: _$arguments(true) };"));
    assert!(code.contains("function g() { return arguments; }"));
    assert!(code.contains("return () => arguments; }"));
    assert!(code.contains("function _$arguments(read) {"));
    // Without a free `arguments`, no helper.
    assert!(!body("function g() { return arguments; }\n").contains("_$arguments"));
}

#[test]
fn import_phases_are_refused_as_v8_refuses_them() {
    // Node 20 to 26: V8 parses no import phase.
    assert_eq!(
        first_error("import defer * as x from './x.js';\n"),
        "1:14 SyntaxError: Unexpected token '*'"
    );
    assert_eq!(
        first_error("import source x from './x.js';\n"),
        "1:15 SyntaxError: Unexpected identifier 'x'"
    );
    assert_eq!(
        first_error("import.defer('./x.js');\n"),
        "1:8 SyntaxError: Unexpected identifier 'defer'"
    );
    assert_eq!(
        first_error("let a = 1;\nimport.source('./x.js');\n"),
        "2:8 SyntaxError: Unexpected identifier 'source'"
    );
}

#[test]
fn chains_past_what_v8_compiles_are_refused_early() {
    let chain = |n| format!("if (a) x();{}\n", " else if (a) x();".repeat(n));
    assert!(transformed(&chain(4_000)).errors.is_empty());
    let refused = transformed(&chain(depth::MAX_CHAIN as usize + 1));
    assert_eq!(
        refused.errors[0].code,
        crate::diagnostic::DiagnosticCode::TooDeep
    );
    assert!(refused.errors[0].message.contains("`else if` links"));
    let labels = |n: usize| (0..n).map(|i| format!("l{i}: ")).collect::<String>() + "x();\n";
    let refused = transformed(&labels(depth::MAX_CHAIN as usize + 1));
    assert_eq!(
        refused.errors[0].code,
        crate::diagnostic::DiagnosticCode::TooDeep
    );
    // Many short chains and many labelled statements are not one long one.
    let many = chain(10).repeat(2_000) + &"l: x();\n".repeat(20_000);
    assert!(transformed(&many).errors.is_empty());
}

#[test]
fn arguments_and_eval_errors_read_as_v8s() {
    for (source, expected) in [
        (
            "class C { x = arguments; }\n",
            "1:15 SyntaxError: 'arguments' is not allowed in class field initializer or static initialization block",
        ),
        (
            "({ arguments } = {});\n",
            "1:4 SyntaxError: Unexpected eval or arguments in strict mode",
        ),
        (
            "let a; [a, { b: eval }] = [];\n",
            "1:17 SyntaxError: Invalid destructuring assignment target",
        ),
        (
            "eval = 1;\n",
            "1:1 SyntaxError: Unexpected eval or arguments in strict mode",
        ),
        (
            "arguments++;\n",
            "1:1 SyntaxError: Unexpected eval or arguments in strict mode",
        ),
    ] {
        assert_eq!(first_error(source), expected, "{source}");
    }
    // A computed key reads `arguments`: a ReferenceError at run time, as natively.
    assert!(transformed("class C { [arguments] = 1 }\n")
        .errors
        .is_empty());
}
