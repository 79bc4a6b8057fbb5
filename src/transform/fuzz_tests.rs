//! Mutation fuzzing of the transform over real package sources (lodash-es, date-fns, three's
//! src, from node_modules when present, else a few built-in modules): truncated, spans deleted
//! or duplicated, bytes flipped, unicode inserted, wrapped in deep nesting (to 100,000 levels).
//! Properties: never a panic or an internal error; an accepted input's shell parses as a module
//! again; a refused input is a syntax error with a position, or refused as too deep.
//!
//! `cargo test` runs a short form (`DYNOHOT_FUZZ_CASES`, default 150, a few seconds); the long
//! form: `DYNOHOT_FUZZ_CASES=20000 DYNOHOT_FUZZ_SEED=7 cargo test --release fuzz -- --nocapture`
//! (prints cases run and time). A failing case prints its seed and case number, and its input
//! belongs in `regressions` below.

use std::path::Path;
use std::time::Instant;

use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax};

use super::*;
use crate::diagnostic::DiagnosticCode;

/// xorshift64*: reproducible from the seed alone.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn seeds() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules");
    let mut files = Vec::new();
    for dir in ["lodash-es", "date-fns", "three/src"] {
        let mut pending = vec![root.join(dir)];
        while let Some(dir) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "js") {
                    files.push(path);
                }
            }
        }
    }
    files.sort();
    let mut sources: Vec<String> = files
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .filter(|text| text.len() < 200_000)
        .collect();
    sources.extend(
        [
            "import a, { b as c } from './a.js';\nexport { c };\nexport default class extends a { m() { return arguments; } }\n",
            "export * from './x.js';\nlet x = 1;\nlabel: for (;;) { if (x) break label; else if (!x) continue; }\nexport { x as \"y\" };\n",
            "import * as ns from './n.js';\nconst f = async () => { for await (const v of ns.list) console.log(typeof arguments, v); };\nawait f();\n",
        ]
        .map(String::from),
    );
    sources
}

const INSERTS: &[&str] = &[
    "é",
    "\u{2028}",
    "\u{feff}",
    "😀",
    "\0",
    "\\u{1F600}",
    "\u{fffd}",
    "`${",
    "/*",
    "'",
    "(",
    "{",
    "}",
    "import",
    "export",
    "arguments",
    "await ",
    "=>",
    "class extends ",
    "else if (a) ",
];

/// One mutant of `source`, as bytes (a flipped byte may leave UTF-8).
fn mutate(rng: &mut Rng, source: &str) -> Vec<u8> {
    let mut bytes = source.as_bytes().to_vec();
    let len = bytes.len();
    match rng.below(7) {
        0 => bytes.truncate(rng.below(len + 1)),
        1 => {
            let at = rng.below(len + 1);
            let end = (at + rng.below(200)).min(len);
            bytes.drain(at..end);
        }
        2 => {
            let at = rng.below(len + 1);
            let end = (at + rng.below(200)).min(len);
            let span = bytes[at..end].to_vec();
            let to = rng.below(len + 1);
            bytes.splice(to..to, span);
        }
        3 => {
            for _ in 0..1 + rng.below(4) {
                if !bytes.is_empty() {
                    let at = rng.below(bytes.len());
                    bytes[at] ^= 1 << rng.below(8);
                }
            }
        }
        4 => {
            let insert = INSERTS[rng.below(INSERTS.len())];
            let at = rng.below(len + 1);
            bytes.splice(at..at, insert.bytes());
        }
        5 => {
            // Deep nesting around (or in place of) the module.
            let n = [10, 100, 1_000, 5_000, 100_000][rng.below(5)];
            let (open, close) = [
                ("{", "}"),
                ("(", ")"),
                ("[", "]"),
                ("class extends (", ") {}"),
                ("() => ", ""),
                ("!", ""),
                ("`${", "}`"),
                ("if (a) {} else ", ""),
                ("l: ", ""),
            ][rng.below(9)];
            let inner = if close == "}" { source } else { "x" };
            let text = format!(
                "import x from './x.js';\nvoid {}{}{};\n",
                open.repeat(n),
                inner,
                close.repeat(n)
            );
            bytes = text.into_bytes();
        }
        _ => {
            // Two mutations.
            let once = String::from_utf8_lossy(&mutate(rng, source)).into_owned();
            bytes = mutate(rng, &once);
        }
    }
    bytes
}

/// Checks the properties for one input (`Ok(accepted)`); `Err` says which failed.
fn check(bytes: &[u8]) -> Result<bool, String> {
    let options = Options {
        source_map: source_map_for(bytes),
        read_map_files: false,
        ..Options::default()
    };
    let output = transform(bytes, "file:///app/fuzz.js", &options);
    if let Some(d) = output.errors.first() {
        return match d.code {
            DiagnosticCode::Internal => Err(format!("internal error: {}", d.message)),
            DiagnosticCode::SyntaxError if d.line == 0 => {
                Err(format!("a syntax error without a position: {}", d.message))
            }
            DiagnosticCode::SyntaxError if !d.message.starts_with("SyntaxError: ") => {
                Err(format!("not a SyntaxError: {}", d.message))
            }
            _ => Ok(false),
        };
    }
    reparse(&output.code).map(|()| true)
}

/// Source maps on for about half the inputs, chosen by the input itself.
fn source_map_for(bytes: &[u8]) -> bool {
    bytes.len().is_multiple_of(2)
}

/// The shell must parse as a module (swc: it is what V8 gets).
fn reparse(code: &str) -> Result<(), String> {
    GLOBALS.set(&Default::default(), || {
        let syntax = Syntax::Es(EsSyntax {
            import_attributes: true,
            explicit_resource_management: true,
            ..Default::default()
        });
        let input = StringInput::new(
            code,
            swc_common::BytePos(1),
            swc_common::BytePos(1 + code.len() as u32),
        );
        let mut parser = Parser::new(syntax, input, None);
        let parsed = parser.parse_module();
        let errors = parser.take_errors();
        match (parsed, errors.first()) {
            (Ok(_), None) => Ok(()),
            (Err(e), _) => Err(format!("the shell does not parse: {:?}", e.kind().msg())),
            (_, Some(e)) => Err(format!("the shell does not parse: {:?}", e.kind().msg())),
        }
    })
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn fuzz_mutants_of_real_modules() {
    let cases = env_number("DYNOHOT_FUZZ_CASES", 150);
    let seed = env_number("DYNOHOT_FUZZ_SEED", 13);
    // Deep accepted shells are parsed again here too: a big stack, as the transform has.
    let worker = std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(move || {
            let sources = seeds();
            let mut rng = Rng(seed.max(1));
            let start = Instant::now();
            let (mut accepted, mut refused) = (0, 0);
            for case in 0..cases {
                let source = &sources[rng.below(sources.len())];
                let bytes = mutate(&mut rng, source);
                match check(&bytes) {
                    Ok(true) => accepted += 1,
                    Ok(false) => refused += 1,
                    Err(why) => {
                        let shown =
                            String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned();
                        panic!("seed {seed} case {case}: {why}\ninput starts: {shown:?}");
                    }
                }
            }
            println!(
                "fuzz: {cases} cases (seed {seed}, {} seed modules): {accepted} accepted, {refused} refused, {:.1} s",
                sources.len(),
                start.elapsed().as_secs_f64()
            );
        })
        .expect("a fuzzing thread");
    if let Err(panic) = worker.join() {
        std::panic::resume_unwind(panic);
    }
}

/// Inputs found while fuzzing and comparing with V8 (none of the fuzzer's own cases has failed
/// yet), kept.
#[test]
fn regressions() {
    let chain = format!("if (a) x();{}", " else if (a) x();".repeat(10_001));
    let inputs: [&[u8]; 9] = [
        b"",
        b"\xef\xbb\xbf// caf\xe9\nexport const s = 'caf\xe9';\n",
        b"const a = '\xff\xfe\0\x81';",
        b"({ arguments } = {});",
        b"import defer * as x from './x.js';",
        b"const s = \"\\uD83D\\u{DC38}\";",
        b"console.log(typeof arguments, () => arguments, { arguments });",
        b"import x from './x.js'; const A = class extends (class extends (x) {}) {};",
        chain.as_bytes(),
    ];
    for input in inputs {
        assert!(
            check(input).is_ok(),
            "{:?}",
            String::from_utf8_lossy(&input[..input.len().min(80)])
        );
    }
}
