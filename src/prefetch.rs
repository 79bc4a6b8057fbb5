//! Transforms of a module's static imports, done ahead on a background thread.
//!
//! While a program starts, Node asks for one module at a time: load, compile, resolve its imports,
//! load the next. Each transform runs inside that chain, on the thread that runs the hooks. But
//! once a module is transformed its static imports are known, so a second thread can read and
//! transform them while Node compiles and links the importer, and `take` hands the result to the
//! load hook when Node gets there. On a 2-core machine this moves most of the transform's startup
//! cost off the critical path.
//!
//! Correctness does not depend on guessing right: a result is only used for the same URL, the
//! same options, and byte-for-byte the same source the load hook got from the loader chain (which
//! may have transformed the file, e.g. TypeScript, or resolved the specifier elsewhere); anything
//! else is a miss and the hook transforms as before. Only relative specifiers of plain names
//! (`./a/b.js`, `../c.mjs`, `./d.json` with `type: "json"`) are guessed, and never into
//! `node_modules` (dynohot's default `ignore`): a guess the hooks never ask for is memory spent
//! for nothing, so the number of results waiting is bounded as well.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use crate::file_url;
use crate::transform::{self, Format, Lang, Options, Output, Request};

/// At most this many guesses are queued, running or waiting to be taken.
const MAX_ENTRIES: usize = 20_000;
/// The background thread's stack: as much as Node's main thread has, which the transform's
/// inline-stack budget assumes (deeper inputs get their own big-stack thread, as anywhere).
const STACK: usize = 8 << 20;
/// How long `take` waits for a transform already running before doing the work itself.
const WAIT: Duration = Duration::from_secs(5);

enum State {
    Queued,
    Running,
    Done { source: Vec<u8>, output: Output },
}

struct Entry {
    state: State,
    options: Options,
}

struct Job {
    url: String,
    path: PathBuf,
}

struct Prefetcher {
    entries: Mutex<HashMap<String, Entry>>,
    /// Signalled whenever a running entry finishes (done, or given up).
    finished: Condvar,
    jobs: Sender<Job>,
}

static PREFETCHER: OnceLock<Option<Prefetcher>> = OnceLock::new();

/// The prefetcher, started on first use; `None` if no thread could be started (then nothing is
/// ever prefetched).
fn prefetcher() -> Option<&'static Prefetcher> {
    PREFETCHER
        .get_or_init(|| {
            let (jobs, queue) = mpsc::channel();
            std::thread::Builder::new()
                .name("dynohot-prefetch".into())
                .stack_size(STACK)
                .spawn(move || run(queue))
                .ok()?;
            Some(Prefetcher {
                entries: Mutex::new(HashMap::new()),
                finished: Condvar::new(),
                jobs,
            })
        })
        .as_ref()
}

fn lock(p: &Prefetcher) -> MutexGuard<'_, HashMap<String, Entry>> {
    // A panic while holding the lock cannot leave the map half-written (each change is one
    // insert or remove), so a poisoned lock is still usable.
    p.entries
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The background thread: one job at a time, in the order they were queued.
fn run(queue: Receiver<Job>) {
    for job in queue {
        let Some(p) = prefetcher() else { return };
        let options = {
            let mut entries = lock(p);
            match entries.get_mut(&job.url) {
                // Still wanted (not taken over by the hooks' thread in the meantime).
                Some(entry) if matches!(entry.state, State::Queued) => {
                    entry.state = State::Running;
                    entry.options.clone()
                }
                _ => continue,
            }
        };
        let result = catch_unwind(AssertUnwindSafe(|| {
            let source = std::fs::read(&job.path).ok()?;
            let output = transform::transform(&source, &job.url, &options);
            // Run ahead: this module's imports are what Node asks for after it.
            imports(&job.url, &output.requests, &options);
            Some((source, output))
        }));
        let mut entries = lock(p);
        match result {
            Ok(Some((source, output))) => {
                if let Some(entry) = entries.get_mut(&job.url) {
                    entry.state = State::Done { source, output };
                }
            }
            // Unreadable (a guess that names no file) or a bug: forget the guess.
            _ => {
                entries.remove(&job.url);
            }
        }
        drop(entries);
        p.finished.notify_all();
    }
}

/// The prefetched transform of `url`, if there is one for exactly this `source` and `options`.
/// Any entry for `url` is consumed: a queued one is cancelled (the caller does the work now), a
/// running one is waited for.
pub fn take(url: &str, source: &[u8], options: &Options) -> Option<Output> {
    let p = PREFETCHER.get()?.as_ref()?;
    let mut entries = lock(p);
    loop {
        match entries.get(url).map(|entry| &entry.state) {
            None => return None,
            Some(State::Queued) => {
                entries.remove(url);
                return None;
            }
            Some(State::Running) => {
                let (guard, timeout) = p
                    .finished
                    .wait_timeout(entries, WAIT)
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                entries = guard;
                if timeout.timed_out() {
                    return None;
                }
            }
            Some(State::Done { .. }) => {
                let entry = entries.remove(url)?;
                drop(entries);
                return match entry.state {
                    State::Done {
                        source: prefetched,
                        output,
                    } if prefetched == source && entry.options == *options => Some(output),
                    _ => None,
                };
            }
        }
    }
}

/// Queues the transforms of the static imports of the module at `importer` that can be guessed
/// (see the module comment), with the importer's options (a JSON import gets `Format::Json`).
pub fn imports(importer: &str, requests: &[Request], options: &Options) {
    let guesses: Vec<(String, Format, Lang)> = requests
        .iter()
        .filter_map(|request| guess(importer, request, options.lang))
        .collect();
    if guesses.is_empty() {
        return;
    }
    let Some(p) = prefetcher() else { return };
    let mut entries = lock(p);
    for (url, format, lang) in guesses {
        if entries.len() >= MAX_ENTRIES || entries.contains_key(&url) {
            continue;
        }
        let Some(path) = file_url::to_path(&url) else {
            continue;
        };
        // Another loader's watch list is the importer's own.
        let options = Options {
            format,
            lang,
            watch: Vec::new(),
            ..options.clone()
        };
        entries.insert(
            url.clone(),
            Entry {
                state: State::Queued,
                options,
            },
        );
        if p.jobs
            .send(Job {
                url: url.clone(),
                path,
            })
            .is_err()
        {
            entries.remove(&url);
        }
    }
}

/// The URL, format and language a request will most likely load as, if it is simple enough to
/// tell. From a TypeScript importer (`importer_lang`), a `./x.js` that does not exist is the
/// `./x.ts` (or `.tsx`) the loader will resolve it to (the `nodenext` convention), and an
/// extensionless `./x` is `./x.ts`, `./x.tsx`, `./x/index.ts` or `./x/index.tsx`, the first that
/// exists (`bundler` resolution); those checks cost a `stat` or two on the caller's thread.
fn guess(importer: &str, request: &Request, importer_lang: Lang) -> Option<(String, Format, Lang)> {
    let format = match request.attributes.as_slice() {
        [] => Format::Module,
        [(key, value)] if key == "type" && value == "json" => Format::Json,
        _ => return None,
    };
    let url = resolve_relative(importer, &request.specifier)?;
    if url.contains("/node_modules/") {
        return None;
    }
    if format == Format::Json {
        return request
            .specifier
            .ends_with(".json")
            .then_some((url, Format::Json, Lang::Js));
    }
    let typescript_importer = importer_lang.is_typescript();
    let exists = |url: &str| file_url::to_path(url).is_some_and(|path| path.is_file());
    let name = url.rsplit('/').next().unwrap_or_default();
    let extension = name.rfind('.').map(|dot| &name[dot..]);
    let (url, lang) = match extension {
        Some(".js" | ".mjs") if typescript_importer && !exists(&url) => {
            let stem = &url[..url.len() - extension?.len()];
            let candidates: &[(&str, Lang)] = if extension == Some(".mjs") {
                &[(".mts", Lang::Ts)]
            } else {
                &[(".ts", Lang::Ts), (".tsx", Lang::Tsx)]
            };
            candidates
                .iter()
                .map(|(ext, lang)| (format!("{stem}{ext}"), *lang))
                .find(|(url, _)| exists(url))?
        }
        Some(".js" | ".mjs") => (url, Lang::Js),
        Some(".ts" | ".mts") => (url, Lang::Ts),
        Some(".tsx") => (url, Lang::Tsx),
        Some(".jsx") => (url, Lang::Jsx),
        None if typescript_importer => [
            (".ts", Lang::Ts),
            (".tsx", Lang::Tsx),
            ("/index.ts", Lang::Ts),
            ("/index.tsx", Lang::Tsx),
        ]
        .iter()
        .map(|(ext, lang)| (format!("{url}{ext}"), *lang))
        .find(|(url, _)| exists(url))?,
        _ => return None,
    };
    Some((url, Format::Module, lang))
}

/// `new URL(specifier, base).href` for a `./` or `../` specifier made only of characters URLs
/// keep as they are (letters, digits, `.`, `_`, `-`, `/`), against a `file:` URL without query or
/// fragment; `None` for anything else.
fn resolve_relative(base: &str, specifier: &str) -> Option<String> {
    if !(specifier.starts_with("./") || specifier.starts_with("../")) {
        return None;
    }
    if !specifier
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/'))
    {
        return None;
    }
    let path = base.strip_prefix("file:///")?;
    if path.contains(['?', '#']) {
        return None;
    }
    let mut segments: Vec<&str> = path.split('/').collect();
    segments.pop();
    for segment in specifier.split('/') {
        match segment {
            "." => {}
            ".." => {
                segments.pop()?;
            }
            "" => return None,
            name => segments.push(name),
        }
    }
    Some(format!("file:///{}", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(specifier: &str, attributes: &[(&str, &str)]) -> Request {
        Request {
            specifier: specifier.into(),
            attributes: attributes
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            bindings: Vec::new(),
        }
    }

    #[test]
    fn resolves_like_the_url_parser() {
        let base = "file:///app/src/main.js";
        assert_eq!(
            resolve_relative(base, "./a.js").as_deref(),
            Some("file:///app/src/a.js")
        );
        assert_eq!(
            resolve_relative(base, "../lib/./b.mjs").as_deref(),
            Some("file:///app/lib/b.mjs")
        );
        assert_eq!(resolve_relative(base, "a.js"), None);
        assert_eq!(resolve_relative(base, "./a b.js"), None);
        assert_eq!(resolve_relative(base, "./a%20b.js"), None);
        assert_eq!(resolve_relative(base, ".//a.js"), None);
        assert_eq!(resolve_relative("file:///m.js", "../../a.js"), None);
        assert_eq!(resolve_relative("file:///app/m.js?x=1", "./a.js"), None);
        assert_eq!(resolve_relative("node:fs", "./a.js"), None);
    }

    #[test]
    fn guesses_plain_modules_and_json_only() {
        let base = "file:///app/main.js";
        let guess = |r: &Request| guess(base, r, Lang::Js);
        assert!(matches!(
            guess(&request("./a.js", &[])),
            Some((_, Format::Module, Lang::Js))
        ));
        assert!(matches!(
            guess(&request("./d.json", &[("type", "json")])),
            Some((_, Format::Json, Lang::Js))
        ));
        assert!(guess(&request("./d.json", &[])).is_none());
        assert!(guess(&request("./c.cjs", &[])).is_none());
        assert!(guess(&request("./c.cts", &[])).is_none());
        assert!(matches!(
            guess(&request("./x.ts", &[])),
            Some((_, Format::Module, Lang::Ts))
        ));
        assert!(matches!(
            guess(&request("./x.tsx", &[])),
            Some((_, Format::Module, Lang::Tsx))
        ));
        assert!(matches!(
            guess(&request("./x.jsx", &[])),
            Some((_, Format::Module, Lang::Jsx))
        ));
        // Extensionless: only from TypeScript importers, and only if a file is there.
        assert!(guess(&request("./x", &[])).is_none());
        assert!(guess(&request("pkg", &[])).is_none());
        assert!(guess(&request("./node_modules/p/i.js", &[])).is_none());
        assert!(guess(&request("./a.js", &[("type", "css")])).is_none());
    }

    /// Real files: from a TypeScript importer, `./x.js` names `x.ts` when no `x.js` exists, and
    /// extensionless specifiers find `x.ts` or `x/index.ts`.
    #[test]
    fn guesses_typescript_files_as_the_loader_resolves_them() {
        let dir = std::env::temp_dir().join(format!("dynohot-prefetch-ts-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("lib")).unwrap();
        for name in ["a.ts", "b.js", "b.ts", "c.tsx", "lib/index.ts", "m.mts"] {
            std::fs::write(dir.join(name), "export {};\n").unwrap();
        }
        let importer = format!("file://{}/main.ts", dir.display());
        let url = |name: &str| format!("file://{}/{name}", dir.display());
        let guess = |specifier: &str| {
            guess(&importer, &request(specifier, &[]), Lang::Ts).map(|(url, _, lang)| (url, lang))
        };
        assert_eq!(guess("./a.js"), Some((url("a.ts"), Lang::Ts)));
        assert_eq!(
            guess("./b.js"),
            Some((url("b.js"), Lang::Js)),
            "b.js exists"
        );
        assert_eq!(guess("./c.js"), Some((url("c.tsx"), Lang::Tsx)));
        assert_eq!(guess("./m.mjs"), Some((url("m.mts"), Lang::Ts)));
        assert_eq!(guess("./a"), Some((url("a.ts"), Lang::Ts)));
        assert_eq!(guess("./lib"), Some((url("lib/index.ts"), Lang::Ts)));
        assert_eq!(guess("./missing.js"), None);
        assert_eq!(guess("./missing"), None);

        // Prefetched as TypeScript, handed to the load hook that asks with `lang: "ts"`.
        let options = Options {
            lang: Lang::Ts,
            source_map: false,
            ..Options::default()
        };
        std::fs::write(dir.join("a.ts"), "export const a: number = 1;\n").unwrap();
        imports(&importer, &[request("./a.js", &[])], &options);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !matches!(
            lock(prefetcher().unwrap())
                .get(&url("a.ts"))
                .map(|e| &e.state),
            Some(State::Done { .. })
        ) {
            assert!(std::time::Instant::now() < deadline, "a.ts never finished");
            std::thread::sleep(Duration::from_millis(1));
        }
        let source = std::fs::read(dir.join("a.ts")).unwrap();
        let taken = take(&url("a.ts"), &source, &options).expect("a.ts was prefetched");
        assert!(taken.code_hash.is_some() && taken.errors.is_empty());
        // A JavaScript importer's `./a.js` is taken as it is (no `stat` on the hooks' thread).
        assert_eq!(
            super::guess(&importer, &request("./a.js", &[]), Lang::Js).map(|(u, _, _)| u),
            Some(url("a.js"))
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Real files: a guessed import is transformed in the background and handed over once, only
    /// for the same bytes; a file that changed in between is a miss, and so is a missing file.
    #[test]
    fn hands_over_a_prefetched_transform_once_and_only_for_the_same_source() {
        let dir = std::env::temp_dir().join(format!("dynohot-prefetch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        write("a.js", "export const a = 1;\n");
        write("b.js", "export const b = 2;\n");
        write("d.json", "{ \"d\": 4 }\n");
        let importer = format!("file://{}/main.js", dir.display());
        let url = |name: &str| format!("file://{}/{name}", dir.display());
        let options = Options {
            source_map: false,
            ..Options::default()
        };
        let requests = [
            request("./a.js", &[]),
            request("./b.js", &[]),
            request("./d.json", &[("type", "json")]),
            request("./missing.js", &[]),
        ];
        imports(&importer, &requests, &options);

        // Waits for the background thread (bounded), then compares with a transform done here.
        let wait_done = |name: &str| {
            let p = prefetcher().unwrap();
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            loop {
                let entries = lock(p);
                match entries.get(&url(name)).map(|e| &e.state) {
                    Some(State::Done { .. }) | None => return,
                    _ => {}
                }
                drop(entries);
                assert!(
                    std::time::Instant::now() < deadline,
                    "{name} never finished"
                );
                std::thread::sleep(Duration::from_millis(1));
            }
        };
        for name in ["a.js", "b.js", "d.json", "missing.js"] {
            wait_done(name);
        }
        let a = std::fs::read(dir.join("a.js")).unwrap();
        let taken = take(&url("a.js"), &a, &options).expect("a.js was prefetched");
        assert_eq!(
            taken.code,
            transform::transform(&a, &url("a.js"), &options).code
        );
        assert!(take(&url("a.js"), &a, &options).is_none(), "taken once");

        // The source the hook got differs (edited, or another loader transformed it): a miss.
        assert!(take(&url("b.js"), b"export const b = 3;\n", &options).is_none());
        // Other options (the JSON one was prefetched as JSON): a miss.
        let d = std::fs::read(dir.join("d.json")).unwrap();
        assert!(take(&url("d.json"), &d, &options).is_none());
        // A guess that names no file is forgotten.
        assert!(take(&url("missing.js"), b"", &options).is_none());
        assert!(!lock(prefetcher().unwrap()).contains_key(&url("missing.js")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
