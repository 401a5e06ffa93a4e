//! `/robots.txt`: naming the sitemap, or keeping a private preview out of search engines.

use super::{File, Job, Key, Output, Plan};
use crate::error::Diagnostic;
use crate::render::Cx;

const ROUTE: &str = "robots.txt";

pub(super) struct Robots;

impl Output for Robots {
    fn name(&self) -> &'static str {
        "robots"
    }

    fn counted_as(&self) -> &'static str {
        "other"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &[ROUTE]
    }

    fn plan(&self, plan: &mut Plan) {
        plan.add("", Key::One);
    }

    fn render(&self, _job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let fixed = cx.site();
        let text = if fixed.publish().private {
            "User-agent: *\nDisallow: /\n".to_string()
        } else {
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}/{}\n",
                fixed.config().base_url,
                super::sitemap::ROUTE
            )
        };
        Ok(vec![(ROUTE.to_string(), text.into_bytes())])
    }
}
