//! Shared output helpers: JSON lines, errors for users, quiet exit on a broken pipe.

use std::io::Write;
use std::process::ExitCode;

/// Exit code for bad input (unreadable file, malformed data, bad flag value).
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code for any other failure.
pub const EXIT_FAILURE: u8 = 1;

/// Turns a command's result into an exit code, printing the error chain for
/// users. A closed stdout (`lookout tail … | head`) exits quietly with 0.
pub fn finish(result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "lookout: error: {err}");
            for cause in err.chain().skip(1) {
                let _ = writeln!(stderr, "  caused by: {cause}");
            }
            let code = err
                .downcast_ref::<BadInput>()
                .map(|_| EXIT_BAD_INPUT)
                .or_else(|| {
                    err.downcast_ref::<crate::guard::Refused>()
                        .map(|refused| refused.code)
                })
                .unwrap_or(EXIT_FAILURE);
            ExitCode::from(code)
        }
    }
}

/// Marks an error as the user's input being wrong (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints one value as a JSON line on stdout.
pub fn print_json_line<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, value)?;
    stdout.write_all(b"\n")?;
    Ok(())
}

/// Prints one value as pretty JSON on stdout.
pub fn print_json_pretty<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, value)?;
    stdout.write_all(b"\n")?;
    Ok(())
}
