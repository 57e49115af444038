//! `certsheet serve`: the local web page. An HTTP server (axum on tokio) with
//! three pages — 检查评分表, 汇总一轮, 生成评分表 — that run the CLI's own code on
//! uploaded files and show what the CLI prints, in the CLI's words.
//!
//! Safety: uploads are streamed to disk ([`upload`]) within per-request limits,
//! each request in its own temporary folder under the server's root folder; the
//! results are reachable only through an unguessable link ([`jobs`]) for a
//! limited time; the server listens on 127.0.0.1 unless told otherwise, and then
//! asks every request for the access token printed at start; every page carries a
//! Content-Security-Policy that allows only its own script and style, which are
//! in the binary ([`assets`](self)); every text from a file is escaped
//! ([`pages::escape`]). The work runs on a bounded pool: at most
//! [`JOBS_AT_ONCE`] requests are worked on at once, on rayon threads that speak
//! the request's language; the others wait their turn.

pub mod jobs;
pub mod pages;
pub mod upload;
mod work;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path as UrlPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::Semaphore;

use self::jobs::{Job, Outcome, Store};
use self::pages::{escape, lang_query, Page};
use self::upload::{Limits, Received, Refusal};
use crate::messages::{catalog as texts, set_thread_lang, t, Lang};
use crate::model::Catalog;

/// Requests worked on at once; the others wait (their page says so).
pub const JOBS_AT_ONCE: usize = 4;

/// Defaults of a request's limits and of how long results are kept; each can be
/// changed by an environment variable (for an office with other needs, and for tests).
pub const MAX_FILES: usize = 5_000;
pub const MAX_BYTES: u64 = 1024 * 1024 * 1024;
pub const KEEP: Duration = Duration::from_secs(3600);

/// `certsheet serve`'s arguments.
pub struct Options {
    pub bind: IpAddr,
    pub port: u16,
}

struct App {
    store: Store,
    limits: Limits,
    /// Needed on every request when bound beyond loopback.
    token: Option<String>,
    default_lang: Lang,
    catalog: Arc<Catalog>,
    /// One rayon pool per language: its threads speak it.
    zh: Arc<rayon::ThreadPool>,
    en: Arc<rayon::ThreadPool>,
    permits: Arc<Semaphore>,
    /// The built-in schemes, (id, title), for 生成评分表.
    schemes: Vec<(String, String)>,
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// Runs the server until Ctrl-C or SIGTERM, which remove every stored upload and
/// result and end the process (exit 130, as any interrupted command).
pub fn serve(opts: &Options) -> Result<u8> {
    let root = tempfile::Builder::new()
        .prefix("certsheet-serve-")
        .tempdir()
        .context("creating the server's temporary folder")?
        .keep();
    let result = run(opts, root.clone());
    let _ = std::fs::remove_dir_all(&root);
    result
}

fn pool(lang: Lang) -> Result<Arc<rayon::ThreadPool>> {
    Ok(Arc::new(
        rayon::ThreadPoolBuilder::new()
            .thread_name(move |i| format!("certsheet-{lang:?}-{i}"))
            .start_handler(move |_| set_thread_lang(Some(lang)))
            .build()?,
    ))
}

fn run(opts: &Options, root: PathBuf) -> Result<u8> {
    let loopback = opts.bind.is_loopback();
    let token = (!loopback).then(jobs::random_id);
    let catalog = Arc::new(crate::round::catalog(&[])?);
    let app = Arc::new(App {
        store: Store::new(
            root.clone(),
            Duration::from_secs(env_number("CERTSHEET_SERVE_KEEP_SECONDS", KEEP.as_secs())),
        ),
        limits: Limits {
            files: env_number("CERTSHEET_SERVE_MAX_FILES", MAX_FILES),
            bytes: env_number("CERTSHEET_SERVE_MAX_MB", MAX_BYTES / (1024 * 1024)) * 1024 * 1024,
        },
        token: token.clone(),
        default_lang: crate::messages::lang(),
        schemes: catalog
            .schemes
            .iter()
            .map(|s| (s.id.clone(), s.title.clone()))
            .collect(),
        catalog,
        zh: pool(Lang::Zh)?,
        en: pool(Lang::En)?,
        permits: Arc::new(Semaphore::new(JOBS_AT_ONCE)),
    });
    // A hostile file that makes a reader panic is that file's finding; the default
    // hook would also print the panic on the server's console.
    std::panic::set_hook(Box::new(|_| {}));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
            .await
            .with_context(|| {
                t().cannot_listen(&SocketAddr::new(opts.bind, opts.port).to_string())
            })?;
        let addr = listener.local_addr()?;
        let url = match &token {
            Some(token) => format!("http://{addr}/?token={token}"),
            None => format!("http://{addr}/"),
        };
        // Like every report line: a closed stdout never stops the server.
        crate::console::say(t().serving(&url));
        // Expired results are deleted even when no one asks for them again.
        let sweeper = app.clone();
        tokio::spawn(async move {
            let every =
                (sweeper.store.ttl / 4).clamp(Duration::from_secs(1), Duration::from_secs(60));
            loop {
                tokio::time::sleep(every).await;
                sweeper.store.sweep();
            }
        });
        let router = router(app.clone());
        let stop = async {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("SIGTERM handler");
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        };
        tokio::select! {
            served = axum::serve(listener, router) => served.context("serving")?,
            _ = stop => {
                let _ = std::fs::remove_dir_all(&root);
                eprintln!("certsheet: {}", t().stopped());
                std::process::exit(130);
            }
        }
        Ok::<u8, anyhow::Error>(0)
    })
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(|s, q| page(s, q, Page::Check)))
        .route(
            "/check",
            get(|s, q| page(s, q, Page::Check)).post(|s, q, m| post(s, q, m, Page::Check)),
        )
        .route(
            "/round",
            get(|s, q| page(s, q, Page::Round)).post(|s, q, m| post(s, q, m, Page::Round)),
        )
        .route(
            "/template",
            get(|s, q| page(s, q, Page::Template)).post(|s, q, m| post(s, q, m, Page::Template)),
        )
        .route("/r/{id}", get(result))
        .route("/r/{id}/{key}", get(download))
        .route(
            "/app.js",
            get(|| async { asset(APP_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/app.css",
            get(|| async { asset(APP_CSS, "text/css; charset=utf-8") }),
        )
        .fallback(not_found)
        // The request's own limits are counted while it streams (upload.rs).
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");

/// Only the page's own script, style and forms; no frame, no other origin.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const COOKIE: &str = "certsheet_token";

/// The query's `name=value` (no decoding: the page's own values are plain).
fn query_value<'q>(query: Option<&'q str>, name: &str) -> Option<&'q str> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[derive(Debug, Clone, Copy)]
struct LangOf(Lang);

/// The language of a request: `?lang=en|zh`, else the server's (`--lang`).
fn lang_of(query: Option<&str>, default: Lang) -> Lang {
    match query_value(query, "lang") {
        Some("en") => Lang::En,
        Some("zh") => Lang::Zh,
        _ => default,
    }
}

/// Same bytes, compared in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// Every request: the access token when bound beyond loopback (in the link, then
/// kept in a cookie), the language, and the headers that keep the page to itself.
async fn guard(State(app): State<Arc<App>>, mut req: Request, next: Next) -> Response {
    let lang = lang_of(req.uri().query(), app.default_lang);
    req.extensions_mut().insert(LangOf(lang));
    let mut set_cookie = None;
    if let Some(token) = &app.token {
        let in_query = query_value(req.uri().query(), "token").is_some_and(|v| same(v, token));
        let in_cookie = req
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .any(|(k, v)| k == COOKIE && same(v, token));
        if !in_query && !in_cookie {
            let texts = texts(lang);
            let body = with_lang(lang, || {
                pages::message_page(
                    texts.web_title(),
                    texts.forbidden(),
                    Page::Check,
                    lang,
                    app.default_lang,
                )
            });
            // Read (and throw away) a little of what was sent, so that the browser
            // reads the answer instead of a reset connection; never much for a stranger.
            drain(req.into_body(), 16 * 1024 * 1024).await;
            return secure(html(StatusCode::FORBIDDEN, body));
        }
        if in_query && !in_cookie {
            set_cookie = Some(format!(
                "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
            ));
        }
    }
    let mut response = next.run(req).await;
    if let Some(cookie) = set_cookie {
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    secure(response)
}

/// Reads up to `limit` bytes of a body, keeping none of them.
async fn drain(body: Body, limit: usize) {
    use futures_core::Stream;
    let mut stream = body.into_data_stream();
    let mut left = limit;
    while left > 0 {
        match std::future::poll_fn(|cx| std::pin::Pin::new(&mut stream).poll_next(cx)).await {
            Some(Ok(chunk)) => left = left.saturating_sub(chunk.len()),
            _ => return,
        }
    }
}

fn secure(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// Runs `f` with this thread speaking `lang` (the page is rendered in the request's language).
fn with_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    set_thread_lang(Some(lang));
    let r = f();
    set_thread_lang(None);
    r
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

fn asset(text: &'static str, mime: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        text,
    )
        .into_response()
}

async fn not_found(State(app): State<Arc<App>>, req: Request) -> Response {
    let lang = req
        .extensions()
        .get::<LangOf>()
        .map_or(app.default_lang, |l| l.0);
    let body = with_lang(lang, || {
        pages::message_page(
            t().not_found(),
            t().not_found(),
            Page::Check,
            lang,
            app.default_lang,
        )
    });
    html(StatusCode::NOT_FOUND, body)
}

async fn page(
    State(app): State<Arc<App>>,
    axum::Extension(LangOf(lang)): axum::Extension<LangOf>,
    which: Page,
) -> Response {
    let body = with_lang(lang, || match which {
        Page::Check => pages::check_page(lang, app.default_lang),
        Page::Round => pages::round_page(lang, app.default_lang),
        Page::Template => pages::template_page(lang, app.default_lang, &app.schemes),
    });
    html(StatusCode::OK, body)
}

fn refusal(app: &App, refusal: &Refusal, which: Page, lang: Lang) -> Response {
    let (status, message) = with_lang(lang, || {
        let x = t();
        match refusal {
            Refusal::TooManyFiles(n) => (StatusCode::PAYLOAD_TOO_LARGE, x.too_many_files(*n)),
            Refusal::TooLarge(n) => (StatusCode::PAYLOAD_TOO_LARGE, x.too_large(*n)),
            Refusal::Broken => (StatusCode::BAD_REQUEST, x.upload_broken().to_string()),
            Refusal::NoFiles => (StatusCode::BAD_REQUEST, x.no_files().to_string()),
            Refusal::ZipUnreadable(z) => (StatusCode::BAD_REQUEST, x.zip_unreadable(z)),
            Refusal::ZipUnsafeName { zip, entry } => {
                (StatusCode::BAD_REQUEST, x.zip_unsafe_name(zip, entry))
            }
            Refusal::ZipBomb { zip, entry } => (StatusCode::BAD_REQUEST, x.zip_bomb(zip, entry)),
        }
    });
    let body = with_lang(lang, || {
        pages::message_page(which_title(which), &message, which, lang, app.default_lang)
    });
    html(status, body)
}

fn which_title(which: Page) -> &'static str {
    match which {
        Page::Check => t().page_check(),
        Page::Round => t().page_round(),
        Page::Template => t().page_template(),
    }
}

/// An upload: streamed into a new job's folder, .zip files unpacked, then worked
/// on in the background (bounded pool); the answer is the link to its results.
async fn post(
    State(app): State<Arc<App>>,
    axum::Extension(LangOf(lang)): axum::Extension<LangOf>,
    mut multipart: Multipart,
    which: Page,
) -> Response {
    let job = match app.store.create(lang) {
        Ok(job) => job,
        Err(e) => return failed(&app, &e, which, lang),
    };
    let received = match upload::receive(&mut multipart, job.folder(), app.limits).await {
        Ok(r) => r,
        Err(r) => {
            app.store.remove(&job.id);
            return refusal(&app, &r, which, lang);
        }
    };
    let received = if which == Page::Template {
        Ok(received)
    } else {
        let (folder, limits) = (job.folder().to_path_buf(), app.limits);
        tokio::task::spawn_blocking(move || unpack(received, &folder, limits))
            .await
            .unwrap_or(Err(Refusal::Broken))
    };
    let received = match received {
        Ok(r) if which != Page::Template && r.files.is_empty() => Err(Refusal::NoFiles),
        other => other,
    };
    let received = match received {
        Ok(r) => r,
        Err(r) => {
            app.store.remove(&job.id);
            return refusal(&app, &r, which, lang);
        }
    };
    let id = job.id.clone();
    let worker = app.clone();
    tokio::spawn(async move {
        let Ok(permit) = worker.permits.clone().acquire_owned().await else {
            return;
        };
        let _ = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let pool = match job.lang {
                Lang::Zh => worker.zh.clone(),
                Lang::En => worker.en.clone(),
            };
            let outcome = pool.install(|| work(&worker, &job, which, received));
            job.finish(outcome);
        })
        .await;
    });
    Redirect::to(&format!("/r/{id}{}", lang_query(lang, app.default_lang))).into_response()
}

/// Unpacks every .zip picked on its own (a .zip inside a folder is not a round's).
fn unpack(
    mut got: Received,
    folder: &std::path::Path,
    limits: Limits,
) -> Result<Received, Refusal> {
    let uploads = std::mem::take(&mut got.files);
    let mut files = Vec::with_capacity(uploads.len());
    for u in uploads {
        if !u.in_folder && upload::is_zip(&u) {
            files.extend(upload::unpack_zip(&u, folder, limits, &mut got)?);
        } else {
            files.push(u);
        }
    }
    got.files = files;
    Ok(got)
}

/// The page's work, on a pool thread speaking the job's language.
fn work(app: &App, job: &Job, which: Page, got: Received) -> Outcome {
    let result = match which {
        Page::Check => Ok(work::check(&app.catalog, job, got.files)),
        Page::Round => work::round(&app.catalog, job, got.files, got.previous),
        Page::Template => work::template(job, got.scheme, got.scheme_file, got.roster),
    };
    result.unwrap_or_else(|e| Outcome {
        title: t().failed().to_string(),
        html: format!(
            "<h1>{}</h1><p class=\"refused\" role=\"alert\">{}</p>",
            escape(t().failed()),
            escape(&crate::cli::describe(&e))
        ),
        downloads: Vec::new(),
    })
}

fn failed(app: &App, e: &anyhow::Error, which: Page, lang: Lang) -> Response {
    let body = with_lang(lang, || {
        pages::message_page(
            t().failed(),
            &crate::cli::describe(e),
            which,
            lang,
            app.default_lang,
        )
    });
    html(StatusCode::INTERNAL_SERVER_ERROR, body)
}

fn expired(app: &App, lang: Lang) -> Response {
    let minutes = app.store.ttl.as_secs().div_ceil(60);
    let body = with_lang(lang, || {
        pages::message_page(
            t().web_title(),
            &t().expired(minutes),
            Page::Check,
            lang,
            app.default_lang,
        )
    });
    html(StatusCode::NOT_FOUND, body)
}

/// A job's page: its progress while it works (the page reloads itself), then its outcome.
async fn result(
    State(app): State<Arc<App>>,
    axum::Extension(LangOf(lang)): axum::Extension<LangOf>,
    UrlPath(id): UrlPath<String>,
) -> Response {
    let Some(job) = app.store.get(&id) else {
        return expired(&app, lang);
    };
    let minutes = app.store.ttl.as_secs().div_ceil(60);
    let body = with_lang(job.lang, || match job.outcome() {
        Some(outcome) => {
            let main = format!(
                "{}<p class=\"expires\">{}</p>",
                outcome.html,
                escape(&t().expires(minutes))
            );
            pages::layout(
                None,
                &outcome.title,
                &main,
                job.lang,
                app.default_lang,
                false,
            )
        }
        None => {
            use std::sync::atomic::Ordering::Relaxed;
            let (done, total) = (job.done.load(Relaxed), job.total.load(Relaxed));
            let status = if total > 0 {
                t().progress(done, total)
            } else {
                t().working().to_string()
            };
            let main = format!(
                "<p class=\"working\" role=\"status\">{}</p><progress max=\"{}\" value=\"{}\"></progress>",
                escape(&status),
                total.max(1),
                done
            );
            pages::layout(None, t().working(), &main, job.lang, app.default_lang, true)
        }
    });
    html(StatusCode::OK, body)
}

/// A job's download, streamed from its folder, saved under its Chinese name.
async fn download(
    State(app): State<Arc<App>>,
    axum::Extension(LangOf(lang)): axum::Extension<LangOf>,
    UrlPath((id, key)): UrlPath<(String, String)>,
) -> Response {
    let Some(job) = app.store.get(&id) else {
        return expired(&app, lang);
    };
    let Some(d) = job
        .outcome()
        .and_then(|o| o.downloads.into_iter().find(|d| d.key == key))
    else {
        return expired(&app, lang);
    };
    let Ok(file) = tokio::fs::File::open(&d.path).await else {
        return expired(&app, lang);
    };
    let length = file.metadata().await.map(|m| m.len()).unwrap_or(0);
    // The job (and so its folder) lives as long as the download streams.
    let stream = tokio_util::io::ReaderStream::new(file);
    let keep = job.clone();
    let body = Body::from_stream(futures_stream(stream, keep));
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        d.key,
        percent_encode(&d.name)
    );
    (
        [
            (header::CONTENT_TYPE, d.mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CONTENT_LENGTH, length.to_string()),
        ],
        body,
    )
        .into_response()
}

/// The stream of a download, holding its job until it ends.
fn futures_stream(
    stream: tokio_util::io::ReaderStream<tokio::fs::File>,
    job: Arc<Job>,
) -> impl futures_core::Stream<Item = std::io::Result<axum::body::Bytes>> + Send {
    struct Holding {
        stream: tokio_util::io::ReaderStream<tokio::fs::File>,
        _job: Arc<Job>,
    }
    impl futures_core::Stream for Holding {
        type Item = std::io::Result<axum::body::Bytes>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::pin::Pin::new(&mut self.stream).poll_next(cx)
        }
    }
    Holding { stream, _job: job }
}

/// RFC 5987: every byte but unreserved ASCII as `%XX`.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
