//! `pressroom new`.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use pressroom::scaffold::{New, NewOptions};

use super::{fail, shown};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: NewWhat,
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".", global = true)]
    root: PathBuf,
    /// The language of the new file (default: the site's default language). For a
    /// release whose slug exists in another language, starts from that version.
    #[arg(long, global = true)]
    lang: Option<String>,
    /// The slug (default: made from the title or name; needed for non-Latin scripts).
    #[arg(long, global = true)]
    slug: Option<String>,
    /// The date, YYYY-MM-DD (default: today).
    #[arg(long, global = true)]
    date: Option<NaiveDate>,
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        what,
        root,
        lang,
        slug,
        date,
    } = args;

    let what = match what {
        NewWhat::Release { title } => New::Release { title },
        NewWhat::Statement { person } => New::Statement { person },
        NewWhat::Person { name } => New::Person { name },
    };
    let options = NewOptions { lang, slug, date };
    let today = chrono::Local::now().date_naive();
    match pressroom::scaffold::new_file(&root, &what, &options, today) {
        Ok(path) => {
            println!("{}", shown(&path));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

#[derive(clap::Subcommand)]
pub enum NewWhat {
    /// A press release: pressroom new release "Title"
    Release { title: String },
    /// A quoted statement: pressroom new statement --person SLUG
    Statement {
        #[arg(long)]
        person: String,
    },
    /// A spokesperson: pressroom new person "Name"
    Person { name: String },
}
