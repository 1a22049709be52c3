//! The thin binary: parse flags, run, return an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    // With RUST_BACKTRACE set (common on developer machines), every internal
    // library error — the policy engine makes many while evaluating — would
    // capture a backtrace: a 5x slowdown of `check`. Panics keep theirs.
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
    lookout::cli::main()
}
