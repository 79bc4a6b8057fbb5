//! TypeScript, TSX and JSX modules: snapshots of the shell for each construct (erased in place
//! or compiled), positions (erased code keeps the source's; compiled code maps back to it), the
//! code hash, and the diagnostics. Review changes with `cargo insta review`.

use sourcemap::{decode_data_url, DecodedMap};

use super::*;

fn options(lang: Lang, typescript: TypeScriptOptions) -> Options {
    Options {
        lang,
        typescript,
        source_map: false,
        read_map_files: false,
        ..Options::default()
    }
}

fn output(source: &str, lang: Lang, typescript: TypeScriptOptions) -> Output {
    let output = transform_str(source, "file:///app/main.ts", &options(lang, typescript));
    assert!(output.errors.is_empty(), "{:#?}", output.errors);
    // The shell is JavaScript that parses (blanks left nothing behind that V8 would refuse).
    GLOBALS.set(&Default::default(), || {
        if let Err(d) = parse::parse(&output.code, "file:///app/shell.js") {
            panic!(
                "the shell does not parse: {}\n{}\n{}",
                d.message, d.frame, output.code
            );
        }
    });
    output
}

fn ts(source: &str) -> String {
    output(source, Lang::Ts, TypeScriptOptions::default()).code
}

/// The shell's body: from the line after `yield;` to the closing `});`.
fn body(code: &str) -> &str {
    let start = code.find("yield; ").unwrap() + "yield; ".len();
    let end = code.rfind("\n});\n").unwrap();
    &code[start..end]
}

fn error(source: &str, lang: Lang) -> String {
    let output = transform_str(
        source,
        "file:///app/main.ts",
        &options(lang, TypeScriptOptions::default()),
    );
    assert!(output.code.is_empty());
    let d = &output.errors[0];
    format!(
        "{}:{}:{}\n{}\n{}",
        d.url, d.line, d.column, d.frame, d.message
    )
}

macro_rules! snapshot {
    ($name:ident, $source:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(ts($source));
        }
    };
}

// Erased in place: every line and column of the JavaScript is the source's.
snapshot!(
    erased_annotations_and_declarations,
    "interface Point { x: number; y: number }\ntype Id = string | number;\ndeclare const ambient: number;\ndeclare global { interface Window { a: 1 } }\nexport declare function f(): void;\nlet p: Point = { x: 1, y: 2 };\nlet definite!: Id;\nfunction opt(a?: number, ...rest: string[]): void {}\ncatch_: try {} catch (e: unknown) {}\nexport const pair = <T, U>(a: T, b: U): [T, U] => [a, b];\nconsole.log(p satisfies Point, p as unknown as Id, p!.x, pair<number, number>(1, 2), ambient as const);\n"
);
snapshot!(
    erased_overloads,
    "export function over(a: string): string;\nexport function over(a: number): number;\nexport function over(a: any): any { return a; }\nfunction local(): void;\nfunction local() {}\nexport default function d(a: string): void;\n"
);
snapshot!(
    erased_class_members,
    "export abstract class Shape<T> extends Base<T> implements Point, Other<T> {\n  x!: number;\n  y?: number = 2;\n  declare z: string;\n  private readonly w: number = 1;\n  #p?: string;\n  [key: string]: any;\n  protected abstract area(): number;\n  public static make<U>(u: U): U { return u; }\n  override get g(): number { return this.x!; }\n  private constructor() { super(); }\n  optional?(): void {}\n  m(): void;\n  m() {}\n}\n"
);
snapshot!(
    type_only_imports_are_elided,
    "import type { A } from \"./a.js\";\nimport { type B, c } from \"./b.js\";\nimport { User } from \"./types.js\";\nimport { Only } from \"./only.js\";\nimport * as T from \"./t.js\";\nimport D, { e } from \"./d.js\";\nlet u: User = c as Only;\nlet t: T.X = e;\nexport type { A };\nexport type { Q } from \"./q.js\";\nexport type * from \"./r.js\";\ninterface Local {}\nexport { Local, B };\n"
);
snapshot!(
    this_parameters,
    "export const f = function (this: Window, a: number) { return this; };\nexport function g(this: void) {}\nexport class C { m(this: C) {} }\n"
);
snapshot!(
    statements_removed_between_expressions_stay_apart,
    "let a = 1\ntype T = number\n;(a)\ninterface I {}\n[a].map(String)\n"
);

#[test]
fn verbatim_module_syntax_keeps_imports_not_marked_type() {
    let source = "import type { A } from \"./a.js\";\nimport { type B, User } from \"./types.js\";\nimport \"./side.js\";\nlet u: User;\nexport type { A };\n";
    insta::assert_snapshot!(
        output(
            source,
            Lang::Ts,
            TypeScriptOptions {
                verbatim_module_syntax: true,
                ..Default::default()
            }
        )
        .code
    );
    // Without it, a module that imports only types from a file requests nothing from it.
    let elided = ts(source);
    assert!(!elided.contains("./types.js"), "{elided}");
    assert!(elided.contains("./side.js"), "{elided}");
}

// Compiled: TypeScript that needs generated code.
snapshot!(
    enums,
    "import { base } from \"./base.js\";\nexport enum Color { Red, Green = \"g\", Blue = base }\nconst enum Flag { A = 1, B = A << 1 }\nexport const f = Flag.B | Flag.A;\ndeclare enum Ambient { X }\nconsole.log(Color.Red);\n"
);
snapshot!(
    namespaces,
    "import { dep } from \"./dep.js\";\nexport namespace Geometry {\n  export const origin = { x: dep, y: 0 };\n  export namespace Inner { export function f() { return origin; } }\n  export interface P {}\n}\nnamespace Types { export type T = number }\n"
);
snapshot!(
    parameter_properties,
    "import { Db } from \"./db.js\";\nexport class Service {\n  y = 1;\n  constructor(private readonly db: Db, public name: string = \"s\", other?: number) { console.log(other); }\n}\n"
);
snapshot!(
    standard_decorators_and_accessor,
    "import { logged } from \"./log.js\";\nexport class C {\n  @logged accessor x: number = 1;\n  @logged m(): void {}\n}\n"
);

#[test]
fn legacy_decorators_with_metadata() {
    insta::assert_snapshot!(
        output(
            "import { Injectable, Inject } from \"./di.js\";\nimport { Db } from \"./db.js\";\n@Injectable()\nexport class Service {\n  constructor(@Inject(\"db\") private db: Db) {}\n  @Injectable() method(a: string): number { return 1; }\n}\n",
            Lang::Ts,
            TypeScriptOptions {
                experimental_decorators: true,
                emit_decorator_metadata: true,
                ..Default::default()
            }
        )
        .code
    );
}

#[test]
fn tsx_automatic_runtime_and_generic_arrow() {
    insta::assert_snapshot!(
        output(
            "import type { FC } from \"react\";\nexport const id = <T,>(x: T) => x;\nexport const App: FC<{ n: number }> = ({ n }) => <div title=\"t\">{n}<>frag</></div>;\n",
            Lang::Tsx,
            TypeScriptOptions {
                jsx_import_source: Some("hono/jsx".into()),
                ..Default::default()
            }
        )
        .code
    );
}

#[test]
fn jsx_classic_runtime_and_development() {
    let classic = output(
        "import { h, Fragment } from \"preact\";\nexport const A = () => <p>{1}<></></p>;\n",
        Lang::Tsx,
        TypeScriptOptions {
            jsx: Jsx::React,
            jsx_factory: Some("h".into()),
            jsx_fragment_factory: Some("Fragment".into()),
            ..Default::default()
        },
    );
    insta::assert_snapshot!(classic.code);
    let dev = output(
        "export const A = () => <p />;\n",
        Lang::Jsx,
        TypeScriptOptions {
            jsx: Jsx::ReactJsxDev,
            ..Default::default()
        },
    );
    assert!(dev.code.contains("jsxDEV"), "{}", dev.code);
    assert!(
        dev.code.contains("\"react/jsx-dev-runtime\""),
        "{}",
        dev.code
    );
}

/// Erased code keeps every position: the throw is where it was.
#[test]
fn erased_code_keeps_lines_and_columns() {
    let source = "interface A {\n  a: number;\n}\nfunction f(x: A, y?: string): void {\n    throw new Error(\"here\");\n}\nf({ a: 1 });\n";
    let code = ts(source);
    let body = body(&code);
    assert_eq!(body.lines().count(), source.lines().count());
    for (out, src) in body.lines().zip(source.lines()).skip(1) {
        assert_eq!(out.len(), src.len(), "{out:?} vs {src:?}");
    }
    assert_eq!(body.lines().nth(4), source.lines().nth(4));
}

/// The (line, column) in the source that the shell's position of `needle` maps to.
fn original_position(code: &str, needle: &str) -> (u32, u32) {
    let url = code
        .lines()
        .find_map(|l| l.strip_prefix("//# sourceMappingURL="))
        .expect("a map");
    let DecodedMap::Regular(map) = decode_data_url(url).unwrap() else {
        panic!("a regular map")
    };
    // The last one: inlined helpers come before the module's code.
    let at = code.rfind(needle).unwrap();
    let line = code[..at].matches('\n').count() as u32;
    let column = (at - code[..at].rfind('\n').map_or(0, |i| i + 1)) as u32;
    let token = map.lookup_token(line, column).expect("a mapping");
    assert_eq!(token.get_source(), Some("file:///app/main.ts"));
    (token.get_src_line(), token.get_src_col())
}

/// Compiled code maps back to the source, after an enum, a namespace and a decorated class that
/// change the line count.
#[test]
fn compiled_code_maps_throw_sites_to_the_source() {
    let source = "enum E {\n  A,\n  B,\n}\nnamespace N { export const x = 1; }\nfunction dec(v: unknown, c: unknown) {}\n@dec class K { constructor(private a: number) {} }\nexport function f(): never {\n      throw new Error(\"here\");\n}\n";
    let output = transform_str(
        source,
        "file:///app/main.ts",
        &Options {
            lang: Lang::Ts,
            read_map_files: false,
            ..Options::default()
        },
    );
    assert!(output.errors.is_empty(), "{:#?}", output.errors);
    assert_eq!(original_position(&output.code, "throw new"), (8, 6));
    assert_eq!(original_position(&output.code, "Error(\"here\")"), (8, 16));
}

/// Erased code's map is the shell's own: the `.ts` positions.
#[test]
fn erased_code_maps_to_the_source() {
    let source = "import { x } from \"./x.js\";\ntype T = number;\nexport function f(a: T): never {\n    throw new Error(String(x));\n}\n";
    let output = transform_str(
        source,
        "file:///app/main.ts",
        &Options {
            lang: Lang::Ts,
            read_map_files: false,
            ..Options::default()
        },
    );
    assert!(output.errors.is_empty(), "{:#?}", output.errors);
    assert_eq!(original_position(&output.code, "throw new"), (3, 4));
}

/// A blanked non-ASCII character keeps byte offsets (the tree's spans index the blanked text)
/// and the map keeps the source's UTF-16 columns.
#[test]
fn erased_non_ascii_types_keep_offsets_and_columns() {
    let source = "import { x } from \"./x.js\";\ntype 名前 = \"日本\"; let a: 名前 | \"𝒳\" = \"日本\"; throw new Error(x);\n";
    let output = transform_str(
        source,
        "file:///app/main.ts",
        &Options {
            lang: Lang::Ts,
            read_map_files: false,
            ..Options::default()
        },
    );
    assert!(output.errors.is_empty(), "{:#?}", output.errors);
    assert!(
        output.code.contains("throw new Error(_$h.x);"),
        "{}",
        output.code
    );
    let line = source.lines().nth(1).unwrap();
    let column = crate::lines::utf16_len(&line[..line.find("throw").unwrap()]) as u32;
    assert_eq!(original_position(&output.code, "throw new"), (1, column));
}

#[test]
fn code_hash_ignores_types_whitespace_and_comments() {
    let hash = |source: &str| {
        output(source, Lang::Ts, TypeScriptOptions::default())
            .code_hash
            .expect("a code hash")
    };
    let erased = "import { User } from \"./u.js\";\ninterface A { a: number }\nexport function f(a: A, u: User): number { return a.a; }\n";
    let types_edited = "import { User } from \"./u.js\";\ninterface A {\n  a: number;\n  b?: string;\n}\n// a comment\nexport function f(a: A,   u: Partial<User>): number {\n  return a.a;\n}\n";
    assert_eq!(hash(erased), hash(types_edited));
    let code_edited = "import { User } from \"./u.js\";\ninterface A { a: number }\nexport function f(a: A, u: User): number { return a.a + 1; }\n";
    assert_ne!(hash(erased), hash(code_edited));
    // A changed string (its spaces are code).
    assert_ne!(
        hash("export const s: string = \"a b\";\n"),
        hash("export const s: string = \"ab\";\n")
    );
    // Compiled modules too.
    let compiled = "enum E { A }\nexport const x: E = E.A;\n";
    let compiled_types = "enum E { A }\n// types\nexport const x: E | undefined = E.A;\n";
    let compiled_code = "enum E { A, B }\nexport const x: E = E.A;\n";
    assert_eq!(hash(compiled), hash(compiled_types));
    assert_ne!(hash(compiled), hash(compiled_code));
    // Only for other dialects.
    assert!(
        transform_str("export {};", "file:///app/a.js", &Options::default())
            .code_hash
            .is_none()
    );
    // The shell's info carries it.
    let shell = ts(erased);
    assert!(
        shell.contains(&format!("codeHash: \"{}\"", hash(erased))),
        "{shell}"
    );
}

#[test]
fn typescript_syntax_errors_are_at_the_source() {
    insta::assert_snapshot!(error(
        "interface A { a: number }\nlet x: A = {\n  a: 1 +,\n};\n",
        Lang::Ts
    ));
}

#[test]
fn compiled_early_errors_are_at_the_source() {
    // Found in the generated JavaScript, reported at the source's line.
    let d = error("enum E { A }\n\nlet x = 1;\nlet x = 2;\n", Lang::Ts);
    assert!(d.starts_with("file:///app/main.ts:4:"), "{d}");
}

#[test]
fn export_assignment_is_ts1203() {
    insta::assert_snapshot!(error("const x = 1;\nexport = x;\n", Lang::Ts));
}

#[test]
fn import_assignment_is_ts1202() {
    insta::assert_snapshot!(error(
        "// a comment\nimport fs = require(\"fs\");\n",
        Lang::Ts
    ));
}

#[test]
fn jsx_syntax_errors_are_at_the_source() {
    let d = error("export const a = <div a=>x</div>;\n", Lang::Jsx);
    assert!(d.starts_with("file:///app/main.ts:1:"), "{d}");
}
