//! The texts of the command line itself: `--help` of every command, argument
//! errors and operating-system errors, in the language of `--lang`.
//!
//! English help is the doc comments of `crate::cli` (clap's own words around
//! them); a catalog that returns `None` keeps those. The Chinese catalog gives
//! every text, clap's headings and argument errors included, so that no English
//! sentence is left in Chinese mode.

/// What is wrong with the arguments, as clap found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgProblem {
    /// A value that is not one of the valid ones.
    InvalidValue {
        arg: String,
        value: String,
        valid: Vec<String>,
    },
    /// A value refused by the argument's own check (its reason already in the language).
    BadValue {
        arg: String,
        value: String,
        reason: String,
    },
    UnknownArgument {
        arg: String,
        suggested: Option<String>,
    },
    UnknownCommand {
        name: String,
        suggested: Option<String>,
    },
    MissingArgument {
        args: Vec<String>,
    },
    /// No command given.
    MissingCommand,
    Conflict {
        arg: String,
        other: String,
    },
    /// An option given more than once.
    Repeated {
        arg: String,
    },
    /// An option given too many or too few values.
    WrongCount {
        arg: String,
    },
    /// An argument that is not valid UTF-8.
    NotUtf8,
    Other,
}

/// How the command line speaks in one language.
pub trait CliTexts {
    /// A command's one-line description and its full one (with examples), by
    /// its path (`certsheet`, `certsheet ingest`, `certsheet schemes show`).
    fn command_about(&self, path: &str) -> Option<(&'static str, &'static str)>;
    /// A command's usage line.
    fn usage(&self, path: &str) -> Option<&'static str>;
    /// An argument's help, by command path and argument id.
    fn arg_help(&self, path: &str, arg: &str) -> Option<&'static str>;
    /// The placeholder of an argument's value in the help (`<路径>`).
    fn value_name(&self, arg: &str) -> Option<&'static str>;
    /// The headings of a help page: usage, arguments, options, commands.
    fn headings(&self) -> Option<[&'static str; 4]>;
    fn help_flag(&self) -> &'static str;
    fn version_flag(&self) -> &'static str;
    /// An argument error (the Chinese catalog; English keeps clap's).
    fn arg_problem(&self, problem: &ArgProblem) -> String;
    /// The lines after an argument error: the usage and where to read more.
    fn see_help(&self, usage: &str, path: &str) -> String;
    /// An operating-system error, as a short phrase.
    fn io_error(&self, error: &std::io::Error) -> String;
    /// An error of a library that has no words in this language.
    fn internal_error(&self) -> &'static str;
}
