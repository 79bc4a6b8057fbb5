//! The watcher with real temp files: how editors, formatters and checkouts really write.

use super::*;
use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::sync::mpsc::Receiver;
use std::thread::sleep;

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let unique = format!(
            "dynohot-watch-{name}-{}-{:?}",
            std::process::id(),
            Instant::now()
        );
        let unique: String = unique
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let dir = std::env::temp_dir().join(unique);
        fs::create_dir_all(&dir).unwrap();
        // Canonical, so paths compare equal with what the OS reports (macOS /private/var).
        Self(dir.canonicalize().unwrap())
    }

    fn file(&self, name: &str, content: &str) -> PathBuf {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, content).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A delivered file with the content it had when delivered.
type Seen = (PathBuf, String);

/// Each batch as (files with their content read at delivery, unreadable files).
type Delivery = (Vec<Seen>, Vec<Unreadable>);

fn watcher_with(options: WatchOptions) -> (FileWatcher, Receiver<Delivery>) {
    let (sender, receiver) = mpsc::channel();
    let watcher = FileWatcher::new(
        options,
        Box::new(move |batch: Batch| {
            // Read at delivery, as the runtime does right after: what a reader would see.
            let seen = batch
                .changed
                .iter()
                .map(|(path, _)| (path.clone(), fs::read_to_string(path).unwrap_or_default()))
                .collect();
            let _ = sender.send((seen, batch.unreadable));
        }),
    )
    .unwrap();
    (watcher, receiver)
}

fn watcher() -> (FileWatcher, Receiver<Delivery>) {
    watcher_with(WatchOptions::default())
}

const WAIT: Duration = Duration::from_secs(5);

/// Every batch received until `quiet` passes without one.
fn drain(receiver: &Receiver<Delivery>, quiet: Duration) -> Vec<Delivery> {
    let mut batches = Vec::new();
    while let Ok(batch) = receiver.recv_timeout(quiet) {
        batches.push(batch);
    }
    batches
}

fn next(receiver: &Receiver<Delivery>) -> Delivery {
    receiver
        .recv_timeout(WAIT)
        .expect("no change was delivered")
}

fn paths(delivery: &Delivery) -> Vec<PathBuf> {
    delivery.0.iter().map(|(path, _)| path.clone()).collect()
}

const QUIET: Duration = Duration::from_millis(400);

#[test]
fn in_place_write_is_delivered_once_with_its_stamp() {
    let dir = TempDir::new("write");
    let a = dir.file("a.js", "1");
    let (sender, changes) = mpsc::channel();
    let watcher = FileWatcher::new(
        WatchOptions::default(),
        Box::new(move |batch| {
            let _ = sender.send(batch);
        }),
    )
    .unwrap();
    watcher.watch(&a).unwrap();
    fs::write(&a, "22").unwrap();
    let batch = changes.recv_timeout(WAIT).unwrap();
    let stamp = Stamp::of(&fs::metadata(&a).unwrap());
    assert_eq!(batch.changed, vec![(a.clone(), stamp)]);
    assert_eq!(stamp.len, 2);
    assert!(batch.unreadable.is_empty());
    assert!(changes.recv_timeout(QUIET).is_err());
}

#[test]
fn a_lone_save_is_delivered_within_a_few_milliseconds() {
    let dir = TempDir::new("lone");
    let a = dir.file("a.js", "1");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    let mut times = Vec::new();
    for i in 0..5 {
        let start = Instant::now();
        fs::write(&a, format!("v{i}")).unwrap();
        let delivery = next(&changes);
        times.push(start.elapsed());
        assert_eq!(delivery.0, vec![(a.clone(), format!("v{i}"))]);
        // Far enough apart to be lone saves, not a burst.
        sleep(Duration::from_millis(80));
    }
    times.sort();
    // The median: 5ms of quiet plus scheduling, well under the burst windows.
    assert!(times[2] < Duration::from_millis(40), "{times:?}");
}

#[test]
fn unregistered_siblings_and_reads_are_ignored() {
    let dir = TempDir::new("siblings");
    let a = dir.file("a.js", "1");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    dir.file("b.js", "other");
    fs::read_to_string(&a).unwrap();
    assert!(drain(&changes, QUIET).is_empty());
}

#[test]
fn rename_over_is_delivered() {
    let dir = TempDir::new("rename");
    let a = dir.file("a.js", "1");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    let temp = dir.file(".a.js.swp", "2");
    fs::rename(&temp, &a).unwrap();
    assert_eq!(next(&changes).0, vec![(a.clone(), "2".into())]);
}

#[test]
fn delete_is_reported_when_the_file_comes_back() {
    let dir = TempDir::new("delete");
    let a = dir.file("a.js", "1");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    fs::remove_file(&a).unwrap();
    assert!(drain(&changes, QUIET).is_empty());
    fs::write(&a, "2").unwrap();
    assert_eq!(next(&changes).0, vec![(a.clone(), "2".into())]);
}

#[test]
fn delete_then_create_soon_after_is_one_delivery() {
    let dir = TempDir::new("recreate");
    let a = dir.file("a.js", "1");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    fs::remove_file(&a).unwrap();
    sleep(Duration::from_millis(20));
    fs::write(&a, "2").unwrap();
    let batches = drain(&changes, QUIET);
    assert_eq!(
        batches.iter().map(|b| b.0.clone()).collect::<Vec<_>>(),
        vec![vec![(a.clone(), "2".to_string())]]
    );
}

#[test]
fn touch_is_delivered() {
    let dir = TempDir::new("touch");
    let a = dir.file("a.js", "1");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    let file = fs::File::options().write(true).open(&a).unwrap();
    file.set_modified(std::time::SystemTime::now() + Duration::from_secs(1))
        .unwrap();
    drop(file);
    assert_eq!(paths(&next(&changes)), vec![a.clone()]);
}

#[test]
fn many_files_at_once_are_one_batch() {
    let dir = TempDir::new("many");
    let files: Vec<_> = (0..30)
        .map(|i| dir.file(&format!("m{i}.js"), "1"))
        .collect();
    let (watcher, changes) = watcher();
    for file in &files {
        watcher.watch(file).unwrap();
    }
    for file in &files {
        fs::write(file, "2").unwrap();
    }
    let batches = drain(&changes, QUIET);
    assert_eq!(batches.len(), 1, "one batch for files written together");
    let delivered: BTreeSet<PathBuf> = paths(&batches[0]).into_iter().collect();
    assert_eq!(delivered, files.iter().cloned().collect::<BTreeSet<_>>());
}

#[test]
fn five_saves_10ms_apart_are_at_most_two_batches_ending_with_the_last() {
    let dir = TempDir::new("five");
    let a = dir.file("a.js", "0");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    for i in 1..=5 {
        fs::write(&a, format!("save {i}")).unwrap();
        sleep(Duration::from_millis(10));
    }
    let batches = drain(&changes, QUIET);
    assert!(
        (1..=2).contains(&batches.len()),
        "{} batches: {batches:?}",
        batches.len()
    );
    assert_eq!(
        batches.last().unwrap().0,
        vec![(a.clone(), "save 5".into())]
    );
}

#[test]
fn a_checkout_of_200_files_over_100ms_is_one_batch() {
    let dir = TempDir::new("checkout");
    let files: Vec<_> = (0..200)
        .map(|i| dir.file(&format!("src/m{i}.js"), "old"))
        .collect();
    let (watcher, changes) = watcher();
    for file in &files {
        watcher.watch(file).unwrap();
    }
    for chunk in files.chunks(10) {
        for file in chunk {
            fs::write(file, "new").unwrap();
        }
        sleep(Duration::from_millis(5));
    }
    let batches = drain(&changes, QUIET);
    assert!(batches.len() <= 2, "{} batches", batches.len());
    let last = batches.last().unwrap();
    // Whatever the split, the files' last content is what was delivered last for each.
    let mut content: HashMap<PathBuf, String> = HashMap::new();
    for batch in &batches {
        for (path, text) in &batch.0 {
            content.insert(path.clone(), text.clone());
        }
    }
    assert_eq!(content.len(), 200);
    assert!(content.values().all(|text| text == "new"));
    assert!(!last.0.is_empty());
}

#[test]
fn rapid_saves_are_never_lost() {
    let dir = TempDir::new("rapid");
    let a = dir.file("a.js", "0");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    for i in 1..=20 {
        fs::write(&a, i.to_string()).unwrap();
        sleep(Duration::from_millis(3));
    }
    let batches = drain(&changes, QUIET);
    assert!(!batches.is_empty());
    assert_eq!(batches.last().unwrap().0, vec![(a.clone(), "20".into())]);
}

#[test]
fn a_write_that_never_stops_is_still_delivered_within_the_bound() {
    let dir = TempDir::new("stream");
    let a = dir.file("a.js", "0");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    let start = Instant::now();
    let mut first = None;
    let mut i = 0;
    while start.elapsed() < Duration::from_millis(900) {
        i += 1;
        fs::write(&a, format!("{i}")).unwrap();
        sleep(Duration::from_millis(2));
        if first.is_none() && changes.try_recv().is_ok() {
            first = Some(start.elapsed());
        }
    }
    let first = first.expect("nothing delivered while writes kept coming");
    assert!(first < Duration::from_millis(700), "{first:?}");
    let batches = drain(&changes, QUIET);
    assert_eq!(batches.last().unwrap().0, vec![(a.clone(), i.to_string())]);
}

/// An editor that truncates the file, then writes it back `gap` later.
fn truncate_then_write(gap: Duration) {
    let dir = TempDir::new("truncate");
    let a = dir.file("main.js", "export const v = 0;\n");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    for i in 1..=10 {
        fs::write(&a, "").unwrap();
        sleep(gap);
        fs::write(&a, format!("export const v = {i};\n")).unwrap();
        let delivery = next(&changes);
        for (_, text) in &delivery.0 {
            assert!(
                !text.is_empty(),
                "the truncated file was delivered ({gap:?})"
            );
        }
        assert_eq!(
            delivery.0.last().unwrap().1,
            format!("export const v = {i};\n")
        );
        // Nothing else comes (no second, empty, delivery).
        for (files, _) in drain(&changes, Duration::from_millis(250)) {
            assert!(files.iter().all(|(_, text)| !text.is_empty()));
        }
    }
}

#[test]
fn truncate_then_write_3ms_later_never_delivers_the_empty_file() {
    truncate_then_write(Duration::from_millis(3));
}

#[test]
fn truncate_then_write_20ms_later_never_delivers_the_empty_file() {
    truncate_then_write(Duration::from_millis(20));
}

#[test]
fn a_file_emptied_for_good_is_delivered_after_the_settle_time() {
    let dir = TempDir::new("emptied");
    let a = dir.file("a.js", "content");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    let start = Instant::now();
    fs::write(&a, "").unwrap();
    assert_eq!(next(&changes).0, vec![(a.clone(), String::new())]);
    let elapsed = start.elapsed();
    assert!(elapsed >= Duration::from_millis(190), "{elapsed:?}");
    // Empty now: saving it empty again is not held.
    let start = Instant::now();
    fs::write(&a, "").unwrap();
    next(&changes);
    assert!(start.elapsed() < Duration::from_millis(150));
}

#[cfg(target_os = "linux")]
#[test]
fn a_save_written_in_two_parts_is_delivered_whole() {
    let dir = TempDir::new("parts");
    let a = dir.file("a.js", "old content\n");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    let mut file = fs::File::create(&a).unwrap();
    file.write_all(b"first half, ").unwrap();
    file.flush().unwrap();
    sleep(Duration::from_millis(40));
    file.write_all(b"second half\n").unwrap();
    drop(file);
    let batches = drain(&changes, QUIET);
    assert_eq!(
        batches.into_iter().map(|b| b.0).collect::<Vec<_>>(),
        vec![vec![(a.clone(), "first half, second half\n".into())]]
    );
}

#[test]
fn a_directory_deleted_and_recreated_is_watched_again() {
    let dir = TempDir::new("rmrf");
    let a = dir.file("src/a.js", "1");
    let b = dir.file("src/lib/b.js", "1");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    watcher.watch(&b).unwrap();
    fs::remove_dir_all(dir.0.join("src")).unwrap();
    drain(&changes, QUIET);
    dir.file("src/a.js", "2");
    dir.file("src/lib/b.js", "2");
    let mut content: HashMap<PathBuf, String> = HashMap::new();
    for (files, _) in drain(&changes, QUIET) {
        content.extend(files);
    }
    assert_eq!(content.get(&a).map(String::as_str), Some("2"));
    assert_eq!(content.get(&b).map(String::as_str), Some("2"));
    // And later edits in the new directories are seen.
    fs::write(&a, "3").unwrap();
    assert_eq!(next(&changes).0, vec![(a.clone(), "3".into())]);
    fs::write(&b, "3").unwrap();
    assert_eq!(next(&changes).0, vec![(b.clone(), "3".into())]);
    assert_eq!(watcher.os_watch_count(), 2);
}

#[test]
fn a_directory_renamed_away_and_replaced_reports_the_new_one_only() {
    let dir = TempDir::new("mvdir");
    let a = dir.file("src/a.js", "1");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    fs::rename(dir.0.join("src"), dir.0.join("old")).unwrap();
    drain(&changes, QUIET);
    dir.file("src/a.js", "2");
    assert_eq!(next(&changes).0, vec![(a.clone(), "2".into())]);
    // The old directory's watch is gone: its edits are not reported as src/a.js.
    fs::write(dir.0.join("old/a.js"), "old").unwrap();
    assert!(drain(&changes, QUIET).is_empty());
    fs::write(&a, "3").unwrap();
    assert_eq!(next(&changes).0, vec![(a.clone(), "3".into())]);
}

#[test]
fn a_directory_whose_parent_is_renamed_away_and_replaced_is_watched_again() {
    let dir = TempDir::new("mvparent");
    let a = dir.file("src/lib/a.js", "1");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    // Only src/lib is watched: nothing reports src itself moving.
    fs::rename(dir.0.join("src"), dir.0.join("old")).unwrap();
    dir.file("src/lib/a.js", "2");
    let delivery = changes
        .recv_timeout(VERIFY_EVERY * 3)
        .expect("the new directory was not found");
    assert_eq!(delivery.0, vec![(a.clone(), "2".into())]);
    // An edit in the moved directory reads as the real path's content, never the old file's.
    fs::write(dir.0.join("old/lib/a.js"), "old").unwrap();
    for (files, _) in drain(&changes, QUIET) {
        assert!(files.iter().all(|(_, text)| text != "old"));
    }
    fs::write(&a, "3").unwrap();
    assert_eq!(next(&changes).0, vec![(a.clone(), "3".into())]);
}

#[test]
fn a_file_in_a_directory_that_does_not_exist_yet_is_found() {
    let dir = TempDir::new("later");
    let a = dir.0.join("gen/deep/a.js");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    dir.file("gen/deep/a.js", "1");
    assert_eq!(next(&changes).0, vec![(a.clone(), "1".into())]);
}

#[cfg(unix)]
#[test]
fn a_file_replaced_by_a_dangling_symlink_is_reported() {
    let dir = TempDir::new("dangling");
    let a = dir.file("a.js", "1");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    fs::remove_file(&a).unwrap();
    std::os::unix::fs::symlink(dir.0.join("missing.js"), &a).unwrap();
    let batches = drain(&changes, QUIET);
    let unreadable: Vec<_> = batches.iter().flat_map(|b| b.1.clone()).collect();
    assert_eq!(
        unreadable,
        vec![Unreadable {
            path: a.clone(),
            code: "ENOENT".into(),
            reason: "a symbolic link to a missing file".into(),
        }]
    );
    assert!(batches.iter().all(|b| b.0.is_empty()));
    // The link's target appears: a good edit is applied.
    fs::remove_file(&a).unwrap();
    fs::write(&a, "2").unwrap();
    let content: Vec<_> = drain(&changes, QUIET)
        .into_iter()
        .flat_map(|b| b.0)
        .collect();
    assert_eq!(content.last(), Some(&(a.clone(), "2".into())));
}

#[test]
fn a_file_replaced_by_a_directory_is_reported() {
    let dir = TempDir::new("isdir");
    let a = dir.file("a.js", "1");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    fs::remove_file(&a).unwrap();
    fs::create_dir(&a).unwrap();
    let unreadable: Vec<_> = drain(&changes, QUIET)
        .into_iter()
        .flat_map(|b| b.1)
        .collect();
    assert_eq!(unreadable.len(), 1, "{unreadable:?}");
    assert_eq!(unreadable[0].code, "EISDIR");
    fs::remove_dir(&a).unwrap();
    fs::write(&a, "2").unwrap();
    let content: Vec<_> = drain(&changes, QUIET)
        .into_iter()
        .flat_map(|b| b.0)
        .collect();
    assert_eq!(content.last(), Some(&(a.clone(), "2".into())));
}

#[test]
fn paths_with_spaces_and_non_ascii_are_delivered() {
    let dir = TempDir::new("names");
    let a = dir.file("my dir/ünïcødé 名前.js", "1");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    fs::write(&a, "2").unwrap();
    assert_eq!(next(&changes).0, vec![(a.clone(), "2".into())]);
}

#[test]
fn ten_thousand_files_in_four_directories_cost_four_watches() {
    let dir = TempDir::new("tenk");
    let files: Vec<_> = (0..10_000)
        .map(|i| dir.file(&format!("d{}/m{i}.js", i % 4), "1"))
        .collect();
    let (watcher, changes) = watcher();
    let start = Instant::now();
    for file in &files {
        watcher.watch(file).unwrap();
    }
    let registration = start.elapsed();
    assert_eq!(watcher.os_watch_count(), 4);
    assert!(registration < Duration::from_secs(2), "{registration:?}");
    let edited: Vec<_> = files.iter().step_by(997).cloned().collect();
    let start = Instant::now();
    for file in &edited {
        fs::write(file, "2").unwrap();
    }
    let batch = next(&changes);
    let latency = start.elapsed();
    assert_eq!(paths(&batch), {
        let mut sorted = edited.clone();
        sorted.sort();
        sorted
    });
    assert!(latency < Duration::from_millis(200), "{latency:?}");
    eprintln!("10,000 files: registered in {registration:?}, 11 edits delivered in {latency:?}");
    for file in &files {
        watcher.unwatch(file).unwrap();
    }
    assert_eq!(watcher.os_watch_count(), 0);
}

#[test]
fn unwatch_stops_delivery_and_rewatch_resumes() {
    let dir = TempDir::new("unwatch");
    let a = dir.file("a.js", "1");
    let b = dir.file("b.js", "1");
    let (watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    watcher.watch(&b).unwrap();
    watcher.unwatch(&a).unwrap();
    assert_eq!(watcher.watched(), vec![b.clone()]);
    fs::write(&a, "2").unwrap();
    fs::write(&b, "2").unwrap();
    assert_eq!(paths(&next(&changes)), vec![b.clone()]);
    watcher.unwatch(&b).unwrap();
    assert_eq!(watcher.os_watch_count(), 0);
    watcher.watch(&a).unwrap();
    sleep(Duration::from_millis(100));
    fs::write(&a, "3").unwrap();
    assert_eq!(paths(&next(&changes)), vec![a.clone()]);
}

#[test]
fn a_panicking_callback_does_not_stop_the_watcher() {
    let dir = TempDir::new("panic");
    let a = dir.file("a.js", "1");
    let (sender, changes) = mpsc::channel();
    let mut calls = 0;
    let watcher = FileWatcher::new(
        WatchOptions::default(),
        Box::new(move |batch| {
            calls += 1;
            if calls == 1 {
                panic!("first delivery panics");
            }
            let _ = sender.send(batch);
        }),
    )
    .unwrap();
    watcher.watch(&a).unwrap();
    fs::write(&a, "2").unwrap();
    sleep(Duration::from_millis(150));
    fs::write(&a, "3").unwrap();
    let batch = changes.recv_timeout(WAIT).unwrap();
    assert_eq!(batch.changed.len(), 1);
}

#[test]
fn close_is_idempotent_and_rejects_new_paths() {
    let dir = TempDir::new("close");
    let a = dir.file("a.js", "1");
    let (mut watcher, changes) = watcher();
    watcher.watch(&a).unwrap();
    watcher.close();
    watcher.close();
    assert!(matches!(watcher.watch(&a), Err(WatchError::Closed)));
    fs::write(&a, "2").unwrap();
    assert!(drain(&changes, Duration::from_millis(100)).is_empty());
}

#[test]
fn relative_paths_are_rejected() {
    let (watcher, _changes) = watcher();
    assert!(matches!(
        watcher.watch(Path::new("a.js")),
        Err(WatchError::InvalidPath(_))
    ));
}
