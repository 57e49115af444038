//! The page's HTML, rendered on the server: every text that came from a file
//! (file names, organization names, quoted values, notes) goes through
//! [`escape`]; the only script and style are `/app.js` and `/app.css`, served
//! from the binary (the Content-Security-Policy allows nothing else).

use std::fmt::Write;

use crate::messages::{t, Lang};

/// Text as HTML: `& < > " '` as entities, so a name like `<script>` is shown, never run.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The three pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Check,
    Round,
    Template,
}

impl Page {
    pub fn path(self) -> &'static str {
        match self {
            Page::Check => "/check",
            Page::Round => "/round",
            Page::Template => "/template",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Page::Check => t().page_check(),
            Page::Round => t().page_round(),
            Page::Template => t().page_template(),
        }
    }
}

/// `?lang=en` on every link when the page is English and the server's default is not.
pub fn lang_query(lang: Lang, default: Lang) -> &'static str {
    match (lang, default) {
        (l, d) if l == d => "",
        (Lang::En, _) => "?lang=en",
        (Lang::Zh, _) => "?lang=zh",
    }
}

/// A whole page: the navigation between the three pages, the language switch, `main`.
pub fn layout(
    current: Option<Page>,
    title: &str,
    main: &str,
    lang: Lang,
    default: Lang,
    refresh: bool,
) -> String {
    let q = lang_query(lang, default);
    let (html_lang, other, other_q) = match lang {
        Lang::Zh => ("zh-CN", t().other_language(), "?lang=en"),
        Lang::En => ("en", t().other_language(), "?lang=zh"),
    };
    let mut nav = String::new();
    for page in [Page::Check, Page::Round, Page::Template] {
        let here = if Some(page) == current {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = write!(
            nav,
            "<a href=\"{}{q}\"{here}>{}</a>",
            page.path(),
            escape(page.title())
        );
    }
    let here = current.map_or("/", Page::path);
    let meta = if refresh {
        "<meta http-equiv=\"refresh\" content=\"1\">"
    } else {
        ""
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{meta}\
         <title>{} · {}</title><link rel=\"stylesheet\" href=\"/app.css\">\
         <script src=\"/app.js\" defer></script></head>\n<body><header><strong>{}</strong>\
         <nav>{nav}</nav><a class=\"lang\" href=\"{here}{other_q}\">{other}</a></header>\n\
         <main>{main}</main></body></html>\n",
        escape(title),
        escape(t().web_title()),
        escape(t().web_title()),
    )
}

/// The drop zone and pickers of a form: `multiple` files, and a folder where the browser allows it.
fn drop_zone(folder: bool) -> String {
    let folder_input = if folder {
        format!(
            "<label class=\"button\">{}<input type=\"file\" name=\"files\" webkitdirectory multiple hidden></label>",
            escape(t().choose_folder())
        )
    } else {
        String::new()
    };
    format!(
        "<div class=\"drop\" tabindex=\"0\"><p>{}</p>\
         <label class=\"button\">{}<input type=\"file\" name=\"files\" multiple \
         accept=\".xlsx,.xlsm,.xlsb,.xls,.ods,.zip\"></label>{folder_input}\
         <ul class=\"chosen\"></ul></div>",
        escape(t().drop_here()),
        escape(t().choose_files()),
    )
}

fn form(page: Page, lang: Lang, default: Lang, inner: &str, button: &str) -> String {
    format!(
        "<form class=\"upload\" method=\"post\" enctype=\"multipart/form-data\" action=\"{}{}\" \
         data-uploading=\"{}\" data-working=\"{}\">{inner}\
         <p><button type=\"submit\">{}</button> <span class=\"status\" role=\"status\"></span></p>\
         <progress hidden max=\"100\" value=\"0\"></progress></form>",
        page.path(),
        lang_query(lang, default),
        escape(t().uploading()),
        escape(t().working()),
        escape(button)
    )
}

/// 检查评分表: the form.
pub fn check_page(lang: Lang, default: Lang) -> String {
    let main = format!(
        "<h1>{}</h1><p>{}</p>{}",
        escape(t().page_check()),
        escape(t().check_intro()),
        form(
            Page::Check,
            lang,
            default,
            &drop_zone(false),
            t().check_button()
        )
    );
    layout(
        Some(Page::Check),
        t().page_check(),
        &main,
        lang,
        default,
        false,
    )
}

/// 汇总一轮: the form.
pub fn round_page(lang: Lang, default: Lang) -> String {
    let inner = format!(
        "{}<p><label>{} <input type=\"file\" name=\"previous\" accept=\".csv\"></label></p>",
        drop_zone(true),
        escape(t().previous_label())
    );
    let main = format!(
        "<h1>{}</h1><p>{}</p>{}",
        escape(t().page_round()),
        escape(t().round_intro()),
        form(Page::Round, lang, default, &inner, t().round_button())
    );
    layout(
        Some(Page::Round),
        t().page_round(),
        &main,
        lang,
        default,
        false,
    )
}

/// 生成评分表: the form; `schemes` as (id, title).
pub fn template_page(lang: Lang, default: Lang, schemes: &[(String, String)]) -> String {
    let mut options = String::from("<option value=\"\">—</option>");
    for (id, title) in schemes {
        let _ = write!(
            options,
            "<option value=\"{}\">{} ({})</option>",
            escape(id),
            escape(title),
            escape(id)
        );
    }
    let inner = format!(
        "<p><label>{} <select name=\"scheme\">{options}</select></label></p>\
         <p><label>{} <input type=\"file\" name=\"scheme_file\" accept=\".toml\"></label></p>\
         <p><label>{} <input type=\"file\" name=\"roster\" accept=\".csv,.txt,.xlsx,.xls,.ods\"></label></p>",
        escape(t().scheme_label()),
        escape(t().scheme_file_label()),
        escape(t().roster_label())
    );
    let main = format!(
        "<h1>{}</h1><p>{}</p>{}",
        escape(t().page_template()),
        escape(t().template_intro()),
        form(Page::Template, lang, default, &inner, t().template_button())
    );
    layout(
        Some(Page::Template),
        t().page_template(),
        &main,
        lang,
        default,
        false,
    )
}

/// A refusal or an error: its message, and the way back.
pub fn message_page(title: &str, message: &str, back: Page, lang: Lang, default: Lang) -> String {
    let main = format!(
        "<h1>{}</h1><p class=\"refused\" role=\"alert\">{}</p><p><a href=\"{}{}\">{}</a></p>",
        escape(title),
        escape(message),
        back.path(),
        lang_query(lang, default),
        escape(t().new_request())
    );
    layout(Some(back), title, &main, lang, default, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_no_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape("评分表.xlsx"), "评分表.xlsx");
    }
}
