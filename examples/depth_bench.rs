//! Transform time against nesting depth, per shape: the cost must grow linearly (time per level
//! flat) at any depth, or the input is refused early with `DYNOHOT_TOO_DEEP`.
//! `cargo run --release --no-default-features --features bench --example depth_bench [-- shape…]`

use std::time::Instant;

use dynohot::transform::{transform_str, Options};

/// Each shape: a name and the module text nesting `n` levels deep. Every module imports a name,
/// so scope resolution runs too.
fn shapes() -> Vec<(&'static str, fn(usize) -> String)> {
    vec![
        ("class-extends", |n| {
            format!(
                "import x from './x.js';\nconst A = {}class {{}}{};\nx(A);\n",
                "class extends (".repeat(n),
                ") {}".repeat(n)
            )
        }),
        ("class-extends-leaf", |n| {
            format!(
                "const A = {}class {{}}{};\nconsole.log(A);\n",
                "class extends (".repeat(n),
                ") {}".repeat(n)
            )
        }),
        ("blocks", |n| {
            format!(
                "import x from './x.js';\n{}x();{}\n",
                "{".repeat(n),
                "}".repeat(n)
            )
        }),
        ("else-if", |n| {
            format!(
                "import x from './x.js';\nif (x) x();{}\n",
                " else if (x) x();".repeat(n)
            )
        }),
        ("labels", |n| {
            let mut text = String::from("import x from './x.js';\n");
            for i in 0..n {
                text.push_str(&format!("l{i}: "));
            }
            text.push_str("x();\n");
            text
        }),
        ("parens", |n| {
            format!(
                "import x from './x.js';\nx({}x{});\n",
                "(".repeat(n),
                ")".repeat(n)
            )
        }),
        ("arrows", |n| {
            format!(
                "import x from './x.js';\nconst f = {}x;\n",
                "() => ".repeat(n)
            )
        }),
        ("functions", |n| {
            format!(
                "import x from './x.js';\n{}x();{}\n",
                "function f() {".repeat(n),
                "}".repeat(n)
            )
        }),
        ("binary", |n| {
            format!("import x from './x.js';\nx(1{});\n", " + x".repeat(n))
        }),
    ]
}

fn main() {
    let only: Vec<String> = std::env::args().skip(1).collect();
    // DEPTHS=10,20,30 to probe other depths.
    let depths: Vec<usize> = std::env::var("DEPTHS")
        .unwrap_or_else(|_| "1000,10000,100000".into())
        .split(',')
        .map(|d| d.trim().parse().expect("DEPTHS: numbers"))
        .collect();
    let options = Options {
        source_map: false,
        read_map_files: false,
        ..Default::default()
    };
    for (name, make) in shapes() {
        if !only.is_empty() && !only.iter().any(|o| o == name) {
            continue;
        }
        for &n in &depths {
            let text = make(n);
            let start = Instant::now();
            let output = transform_str(&text, "file:///app/main.js", &options);
            let seconds = start.elapsed().as_secs_f64();
            let outcome = match output.errors.first() {
                None => "ok".to_string(),
                Some(d) => format!("{:?}", d.code),
            };
            println!(
                "{name:>14} depth {n:>7}: {:>9.1} ms, {:>6.2} µs/level, {outcome}",
                seconds * 1e3,
                seconds * 1e6 / n as f64
            );
        }
    }
}
