//! Times what `pressroom serve` does after an edit, on a generated corpus: the first load
//! (everything rendered in memory), an edit of one release's body (the everyday case), the
//! catch-up that follows it once saves pause (search index, PDF, press kit), and an edit of
//! one release's title (lists, tags, feeds and sitemap follow). Prints medians.
//!
//! cargo run --release --example gen_corpus -- --releases 1000 --out /tmp/corpus
//! cargo run --release --example bench_rebuild -- --site /tmp/corpus --runs 21 [--release 999]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use pressroom::project::{Project, Settings};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let mut site = PathBuf::from("corpus");
    let mut runs = 21usize;
    let mut which = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--site" => site = args.next().map(PathBuf::from).expect("--site DIR"),
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            "--release" => which = args.next().and_then(|v| v.parse::<usize>().ok()),
            other => panic!("unknown argument {other}; use --site DIR --runs N [--release I]"),
        }
    }
    let started = Instant::now();
    let mut project = Project::load(&site, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    let load = started.elapsed();
    println!(
        "first load: {} files in {}",
        project.files().len(),
        ms(load)
    );

    // By default the release in the middle of the corpus, so its lists and tags are
    // ordinary ones; `--release` picks another (the newest is in the feeds too).
    let count = std::fs::read_dir(site.join("content/releases"))
        .unwrap()
        .count()
        / 4;
    let rel = format!(
        "content/releases/release-{:05}.md",
        which.unwrap_or(count / 2)
    );
    let path = site.join(&rel);
    let original = std::fs::read_to_string(&path).unwrap();

    let mut body = Vec::new();
    let mut written = 0;
    for run in 0..runs {
        std::fs::write(&path, format!("{original}\nEdit number {run}.\n")).unwrap();
        let t = Instant::now();
        let update = project.update(std::slice::from_ref(&path)).unwrap();
        body.push(t.elapsed());
        written = update.written;
    }
    println!(
        "edit one release body ({rel}): median {} (min {}, max {}), {written} files rendered, {runs} runs",
        ms(median(body.clone())),
        ms(*body.iter().min().unwrap()),
        ms(*body.iter().max().unwrap()),
    );

    // Once saves pause, serve makes the slow outputs (Project::behind) again.
    let mut catch_up = Vec::new();
    for run in 0..runs.min(5) {
        std::fs::write(&path, format!("{original}\nCaught up {run}.\n")).unwrap();
        project.update(std::slice::from_ref(&path)).unwrap();
        let behind = project.behind().join(", ");
        let t = Instant::now();
        let update = project.catch_up().unwrap();
        catch_up.push(t.elapsed());
        written = update.written;
        if run == 0 {
            println!("after a body edit, behind: {behind}");
        }
    }
    println!(
        "catch up after a body edit: median {}, {written} files rendered, {} runs",
        ms(median(catch_up.clone())),
        catch_up.len()
    );

    let mut title = Vec::new();
    for run in 0..runs.min(7) {
        std::fs::write(
            &path,
            original.replacen("title: \"", &format!("title: \"Edit {run} "), 1),
        )
        .unwrap();
        let t = Instant::now();
        let update = project.update(std::slice::from_ref(&path)).unwrap();
        title.push(t.elapsed());
        written = update.written;
    }
    println!(
        "edit one release title: median {}, {written} files rendered, {} runs",
        ms(median(title.clone())),
        title.len()
    );
    std::fs::write(&path, original).unwrap();
    project.update(&[path]).unwrap();
}
