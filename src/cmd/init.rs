//! `pressroom init`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::fail;

#[derive(clap::Args)]
pub struct Args {
    dir: PathBuf,
    /// The site's languages, the first its default: `--languages en,ar` (default: en).
    #[arg(long, value_delimiter = ',')]
    languages: Vec<String>,
}

pub fn run(args: Args) -> ExitCode {
    let Args { dir, languages } = args;

    let today = chrono::Local::now().date_naive();
    match pressroom::scaffold::init(&dir, today, &languages) {
        Ok(files) => {
            println!(
                "Created a site with {} files in {}. Next: cd {} && pressroom serve",
                files.len(),
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}
