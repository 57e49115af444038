//! The command line in the language of `--lang`: the language is read from the
//! arguments before clap parses them, every help text, heading and usage line
//! is replaced by the catalog's ([`crate::messages::CliTexts`]), and clap's
//! argument errors are told again in that language. Errors of a run are told
//! the same way ([`describe`]): operating-system errors as a short phrase.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use super::Cli;
use crate::messages::{set_lang, t, ArgProblem, Lang};

/// Parses the process's arguments: sets the language first, prints help or an
/// argument error in it (exit 0 or 2) and returns the arguments otherwise.
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = lang_of(&args);
    set_lang(lang);
    let mut cmd = command(lang);
    let result = cmd
        .try_get_matches_from_mut(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    match result {
        Ok(cli) => cli,
        Err(e) => exit_with(&mut cmd, &e, &args, lang),
    }
}

/// The command-line definition, its texts in `lang`.
pub fn command(lang: Lang) -> Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Zh => localize(cmd, "certsheet"),
    }
}

/// `--lang zh|en` or `--lang=…` anywhere in the arguments (the last wins);
/// Chinese when absent or not one of those (clap then reports the bad value).
fn lang_of(args: &[OsString]) -> Lang {
    let mut lang = Lang::Zh;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = it.next() {
        if arg == "--" {
            break;
        }
        let value = if arg == "--lang" {
            it.next().map(|v| v.into_owned())
        } else {
            arg.strip_prefix("--lang=").map(str::to_string)
        };
        match value.as_deref() {
            Some("en") => lang = Lang::En,
            Some("zh") => lang = Lang::Zh,
            _ => {}
        }
    }
    lang
}

/// Replaces every text of `cmd` (at `path`, e.g. `certsheet ingest`) and its
/// subcommands by the catalog's.
fn localize(mut cmd: Command, path: &str) -> Command {
    let texts = t();
    if let Some((about, long)) = texts.command_about(path) {
        cmd = cmd.about(about).long_about(long);
    }
    if let Some(usage) = texts.usage(path) {
        cmd = cmd.override_usage(usage);
    }
    if let Some(headings) = texts.headings() {
        let page = template(&cmd, headings);
        cmd = cmd.help_template(page);
    }
    cmd = cmd.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(texts.help_flag()),
    );
    if path == "certsheet" {
        cmd = cmd
            .disable_help_subcommand(true)
            .disable_version_flag(true)
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help(texts.version_flag()),
            );
    } else {
        cmd = cmd.disable_version_flag(true);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(&id, |mut a| {
            // Shown in the help text itself, in words ("[default: zh]" is clap's English).
            if a.get_action().takes_values() {
                a = a.hide_possible_values(true).hide_default_value(true);
            }
            if let Some(help) = texts.arg_help(path, &id) {
                a = a.help(help).long_help(help);
            }
            if let Some(name) = texts.value_name(&id) {
                a = a.value_name(name);
            }
            a
        });
    }
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subcommands {
        let sub_path = format!("{path} {name}");
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &sub_path));
    }
    cmd
}

/// A help page in sections, each under the catalog's heading (clap's own
/// headings end in an ASCII colon): description, usage, arguments, options,
/// commands; a section only where the command has something in it.
fn template(cmd: &Command, [usage, arguments, options, commands]: [&str; 4]) -> String {
    let mut page = format!("{{about-with-newline}}\n{usage}{{usage}}\n");
    if cmd.get_positionals().next().is_some() {
        page.push_str(&format!("\n{arguments}\n{{positionals}}\n"));
    }
    page.push_str(&format!("\n{options}\n{{options}}\n"));
    if cmd.has_subcommands() {
        page.push_str(&format!("\n{commands}\n{{subcommands}}\n"));
    }
    page.push_str("{after-help}");
    page
}

/// Prints help, the version or an argument error, and exits (0 for help and
/// version, 2 for an error).
fn exit_with(cmd: &mut Command, e: &clap::Error, args: &[OsString], lang: Lang) -> ! {
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        _ if lang == Lang::En => e.exit(),
        _ => {}
    }
    let problem = problem_of(e);
    // The command the error is about: the deepest subcommand named.
    let mut path = vec!["certsheet".to_string()];
    let mut current: &Command = cmd;
    for arg in args.iter().skip(1) {
        let arg = arg.to_string_lossy();
        if let Some(sub) = current.find_subcommand(arg.as_ref()) {
            path.push(sub.get_name().to_string());
            current = sub;
        }
    }
    let path = path.join(" ");
    let usage = t().usage(&path).unwrap_or("certsheet <命令>");
    eprintln!(
        "certsheet: {}\n\n{}",
        t().arg_problem(&problem),
        t().see_help(usage, &path)
    );
    std::process::exit(2)
}

/// What clap found wrong, from its error's context.
fn problem_of(e: &clap::Error) -> ArgProblem {
    let one = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        _ => None,
    };
    let many = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let arg = || one(ContextKind::InvalidArg).unwrap_or_default();
    match e.kind() {
        ErrorKind::InvalidValue => ArgProblem::InvalidValue {
            arg: arg(),
            value: one(ContextKind::InvalidValue).unwrap_or_default(),
            valid: many(ContextKind::ValidValue),
        },
        ErrorKind::ValueValidation => ArgProblem::BadValue {
            arg: arg(),
            value: one(ContextKind::InvalidValue).unwrap_or_default(),
            reason: std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default(),
        },
        ErrorKind::UnknownArgument => ArgProblem::UnknownArgument {
            arg: arg(),
            suggested: one(ContextKind::SuggestedArg),
        },
        ErrorKind::InvalidSubcommand => ArgProblem::UnknownCommand {
            name: one(ContextKind::InvalidSubcommand).unwrap_or_default(),
            suggested: one(ContextKind::SuggestedSubcommand),
        },
        ErrorKind::MissingRequiredArgument => ArgProblem::MissingArgument {
            args: many(ContextKind::InvalidArg),
        },
        ErrorKind::MissingSubcommand => ArgProblem::MissingCommand,
        ErrorKind::ArgumentConflict => ArgProblem::Conflict {
            arg: arg(),
            other: one(ContextKind::PriorArg).unwrap_or_default(),
        },
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            ArgProblem::WrongCount { arg: arg() }
        }
        ErrorKind::NoEquals => ArgProblem::WrongCount { arg: arg() },
        ErrorKind::InvalidUtf8 => ArgProblem::NotUtf8,
        _ => ArgProblem::Other,
    }
}

/// An error of a run, in the language in force: each message of its chain,
/// and an operating-system error as the catalog's short phrase (it ends the
/// chain). In Chinese, a library's own English words are left out: the tool's
/// message before them already says what failed.
pub fn describe(e: &anyhow::Error) -> String {
    let en = crate::messages::lang() == Lang::En;
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            parts.push(t().io_error(io));
            break;
        }
        let text = cause.to_string();
        if en || !text.is_ascii() {
            parts.push(text);
        }
    }
    if parts.is_empty() {
        parts.push(t().internal_error().to_string());
    }
    parts.join(if en { ": " } else { "：" })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and argument has its Chinese text: an argument added
    /// without one would show English in Chinese mode.
    #[test]
    fn every_command_and_argument_has_chinese_help() {
        crate::messages::set_lang(Lang::Zh);
        fn walk(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            let texts = t();
            if texts.command_about(path).is_none() || texts.usage(path).is_none() {
                missing.push(path.to_string());
            }
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if id != "help" && id != "version" && texts.arg_help(path, id).is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "certsheet", &mut missing);
        assert!(missing.is_empty(), "no Chinese text for {missing:?}");
    }

    #[test]
    fn the_language_is_found_before_parsing() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_of(&args(&["certsheet", "check", "a"])), Lang::Zh);
        assert_eq!(
            lang_of(&args(&["certsheet", "--lang", "en", "check"])),
            Lang::En
        );
        assert_eq!(
            lang_of(&args(&["certsheet", "check", "--lang=en"])),
            Lang::En
        );
        assert_eq!(lang_of(&args(&["certsheet", "--lang", "fr"])), Lang::Zh);
        // After `--`, a path named --lang is a path.
        assert_eq!(
            lang_of(&args(&["certsheet", "check", "--", "--lang=en"])),
            Lang::Zh
        );
    }
}
