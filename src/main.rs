//! The thin binary: parse flags, run, return an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    lookout::cli::main()
}
