use super::En;
use crate::messages::{ArgProblem, CliTexts};

/// English: clap's own help and errors, around the doc comments of `crate::cli`.
impl CliTexts for En {
    fn command_about(&self, _path: &str) -> Option<(&'static str, &'static str)> {
        None
    }
    fn usage(&self, _path: &str) -> Option<&'static str> {
        None
    }
    fn arg_help(&self, _path: &str, _arg: &str) -> Option<&'static str> {
        None
    }
    fn value_name(&self, _arg: &str) -> Option<&'static str> {
        None
    }
    fn headings(&self) -> Option<[&'static str; 4]> {
        None
    }
    fn help_flag(&self) -> &'static str {
        "Print help (see a summary with '-h')"
    }
    fn version_flag(&self) -> &'static str {
        "Print version"
    }
    fn arg_problem(&self, p: &ArgProblem) -> String {
        match p {
            ArgProblem::InvalidValue { arg, value, valid } => {
                format!(
                    "invalid value '{value}' for '{arg}' (possible: {})",
                    valid.join(", ")
                )
            }
            ArgProblem::BadValue { arg, value, reason } => {
                format!("invalid value '{value}' for '{arg}': {reason}")
            }
            ArgProblem::UnknownArgument { arg, .. } => format!("unexpected argument '{arg}'"),
            ArgProblem::UnknownCommand { name, .. } => format!("unrecognized command '{name}'"),
            ArgProblem::MissingArgument { args } => {
                format!("missing required arguments: {}", args.join(", "))
            }
            ArgProblem::MissingCommand => "a command is required".to_string(),
            ArgProblem::Conflict { arg, other } => format!("'{arg}' cannot be used with '{other}'"),
            ArgProblem::Repeated { arg } => format!("'{arg}' given more than once"),
            ArgProblem::WrongCount { arg } => format!("wrong number of values for '{arg}'"),
            ArgProblem::NotUtf8 => "an argument is not valid UTF-8".to_string(),
            ArgProblem::Other => "invalid arguments".to_string(),
        }
    }
    fn see_help(&self, usage: &str, path: &str) -> String {
        format!("Usage: {usage}\n\nFor more information, try '{path} --help'.")
    }
    fn io_error(&self, e: &std::io::Error) -> String {
        e.to_string()
    }
    fn internal_error(&self) -> &'static str {
        "internal error"
    }
}
