//! Transform throughput over a corpus, single thread: dynohot's transform (the Rust core, with a
//! source map) against a bare swc parse + print + source map of the same files.
//! `cargo run --release --example transform_bench -- <file with one path per line>`
//! (bench/transform.mjs writes the list and runs this).

use std::time::Instant;

use swc_common::{sync::Lrc, FileName, SourceMap, GLOBALS};
use swc_ecma_codegen::{text_writer::JsWriter, Emitter};
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax};

fn main() {
    let list = std::env::args()
        .nth(1)
        .expect("usage: transform_bench <file list>");
    let paths: Vec<String> = std::fs::read_to_string(list)
        .expect("file list")
        .lines()
        .map(str::to_string)
        .collect();
    let sources: Vec<(String, String)> = paths
        .iter()
        .map(|path| {
            (
                format!("file://{path}"),
                std::fs::read_to_string(path).expect("source"),
            )
        })
        .collect();
    let bytes: usize = sources.iter().map(|(_, s)| s.len()).sum();
    let rounds = 3;

    let options = dynohot::transform::Options {
        read_map_files: false,
        ..Default::default()
    };
    // Interleaved rounds, best of each: a busy machine slows both alike.
    let (mut ours, mut swc) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..rounds {
        ours = ours.min(time(|| {
            for (url, text) in &sources {
                let output = dynohot::transform::transform_str(text, url, &options);
                assert!(output.errors.is_empty(), "{url}: {:?}", output.errors);
                std::hint::black_box(output);
            }
        }));
        swc = swc.min(time(|| {
            for (url, text) in &sources {
                std::hint::black_box(bare_swc(url, text));
            }
        }));
    }
    let report = |name: &str, seconds: f64| {
        println!(
            "{name}: {:.1} MB/s, {:.3} ms/module ({} modules, {:.1} MB, best of {rounds} interleaved)",
            bytes as f64 / 1e6 / seconds,
            seconds * 1e3 / sources.len() as f64,
            sources.len(),
            bytes as f64 / 1e6
        );
    };
    report("dynohot transform (Rust core)", ours);
    report("bare swc parse+print+map", swc);
    println!("ratio dynohot/bare-swc: {:.2}", ours / swc);
}

fn time(work: impl FnOnce()) -> f64 {
    let start = Instant::now();
    work();
    start.elapsed().as_secs_f64()
}

/// Parse, print, and build a source map serialised as JSON: the least any re-printing transform
/// does.
fn bare_swc(url: &str, text: &str) -> usize {
    GLOBALS.set(&Default::default(), || {
        let cm: Lrc<SourceMap> = Default::default();
        let file = cm.new_source_file(Lrc::new(FileName::Custom(url.into())), text.to_string());
        let syntax = Syntax::Es(EsSyntax {
            import_attributes: true,
            explicit_resource_management: true,
            ..Default::default()
        });
        let mut parser = Parser::new(syntax, StringInput::from(&*file), None);
        let module = parser.parse_module().expect("parses");
        let mut code = Vec::with_capacity(text.len());
        let mut mappings = Vec::new();
        {
            let writer = JsWriter::new(cm.clone(), "\n", &mut code, Some(&mut mappings));
            let mut emitter = Emitter {
                cfg: Default::default(),
                cm: cm.clone(),
                comments: None,
                wr: writer,
            };
            emitter.emit_module(&module).expect("prints");
        }
        let map = cm.build_source_map(
            &mappings,
            None,
            swc_common::source_map::DefaultSourceMapGenConfig,
        );
        let mut json = Vec::new();
        map.to_writer(&mut json).expect("serialises");
        code.len() + json.len()
    })
}
