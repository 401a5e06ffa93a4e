//! The disk's floor for a build: creates, with plain file writes, the same folders and
//! the same number of bytes per file as an existing output tree, and prints the time.
//! What a build spends beyond this is pressroom's own.
//!
//! cargo run --release --example disk_floor -- --like /tmp/out1k --out /tmp/floor

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let (mut like, mut out) = (None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--like" => like = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            other => panic!("unknown argument {other}; use --like DIR --out DIR"),
        }
    }
    let (like, out) = (like.expect("--like DIR"), out.expect("--out DIR"));
    let files: Vec<(PathBuf, u64)> = walkdir::WalkDir::new(&like)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let size = e.metadata().unwrap().len();
            (e.path().strip_prefix(&like).unwrap().to_path_buf(), size)
        })
        .collect();
    if out.exists() {
        std::fs::remove_dir_all(&out).unwrap();
    }
    let buffer = vec![b'x'; files.iter().map(|(_, s)| *s as usize).max().unwrap_or(0)];
    let started = Instant::now();
    for (rel, size) in &files {
        let target = out.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, &buffer[..*size as usize]).unwrap();
    }
    let bytes: u64 = files.iter().map(|(_, s)| s).sum();
    println!(
        "disk floor: {} files, {} MB in {:.2} s",
        files.len(),
        bytes / 1_000_000,
        started.elapsed().as_secs_f64()
    );
}
