//! TypeScript transform cost against JavaScript, single thread: the same modules as TypeScript
//! sources (`lang: "ts"`) and as the JavaScript tsc compiled from them (`lang: "js"`), e.g.
//! rxjs's `src/` and `dist/esm/`, which the package ships both of.
//! `cargo run --release --no-default-features --features bench --example ts_transform_bench -- <ts dir> <js dir>`

use std::path::Path;
use std::time::Instant;

use dynohot::transform::{transform_str, Lang, Options};

fn collect(dir: &Path, extension: &str, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("a directory")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, extension, out);
        } else {
            let name = path.to_string_lossy().to_string();
            if name.ends_with(extension) && !name.ends_with(".d.ts") {
                let text = std::fs::read_to_string(&path).expect("source");
                out.push((format!("file://{name}"), text));
            }
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (ts_dir, js_dir) = (
        args.next()
            .expect("usage: ts_transform_bench <ts dir> <js dir>"),
        args.next()
            .expect("usage: ts_transform_bench <ts dir> <js dir>"),
    );
    let (mut ts, mut js) = (Vec::new(), Vec::new());
    collect(Path::new(&ts_dir), ".ts", &mut ts);
    collect(Path::new(&js_dir), ".js", &mut js);
    let ts_options = Options {
        lang: Lang::Ts,
        read_map_files: false,
        ..Default::default()
    };
    let js_options = Options {
        read_map_files: false,
        ..Default::default()
    };
    // How many TypeScript modules were erased in place (the shell's body keeps the source's line
    // count) rather than compiled.
    let erased = ts
        .iter()
        .filter(|(url, text)| {
            let output = transform_str(text, url, &ts_options);
            assert!(output.errors.is_empty(), "{url}: {:?}", output.errors);
            let body = &output.code[..output.code.rfind("\n});").unwrap_or(0)];
            body.lines().count() == text.trim_end().lines().count()
        })
        .count();
    let rounds = 5;
    let (mut ts_time, mut js_time) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..rounds {
        ts_time = ts_time.min(time(|| {
            for (url, text) in &ts {
                std::hint::black_box(transform_str(text, url, &ts_options));
            }
        }));
        js_time = js_time.min(time(|| {
            for (url, text) in &js {
                let output = transform_str(text, url, &js_options);
                assert!(output.errors.is_empty(), "{url}: {:?}", output.errors);
                std::hint::black_box(output);
            }
        }));
    }
    let bytes = |set: &[(String, String)]| set.iter().map(|(_, s)| s.len()).sum::<usize>();
    println!(
        "TypeScript: {} modules, {:.2} MB, {:.3} ms/module ({erased} erased in place, {} compiled)",
        ts.len(),
        bytes(&ts) as f64 / 1e6,
        ts_time * 1e3 / ts.len() as f64,
        ts.len() - erased
    );
    println!(
        "JavaScript: {} modules, {:.2} MB, {:.3} ms/module",
        js.len(),
        bytes(&js) as f64 / 1e6,
        js_time * 1e3 / js.len() as f64
    );
    println!(
        "ratio TypeScript/JavaScript (same modules, best of {rounds} interleaved): {:.2}",
        ts_time / js_time
    );
}

fn time(work: impl FnOnce()) -> f64 {
    let start = Instant::now();
    work();
    start.elapsed().as_secs_f64()
}
