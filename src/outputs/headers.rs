//! The `_headers` file: the security headers static hosts (Netlify, Cloudflare Pages) send
//! with every page.

use super::{File, Job, Key, Output, Plan};
use crate::error::Diagnostic;
use crate::render::Cx;

const ROUTE: &str = "_headers";

pub(super) struct Headers;

impl Output for Headers {
    fn name(&self) -> &'static str {
        "headers"
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
        let text = crate::privacy::headers_file(fixed.config(), fixed.publish().private);
        Ok(vec![(ROUTE.to_string(), text.into_bytes())])
    }
}
