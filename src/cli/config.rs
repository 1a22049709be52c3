//! `lookout config`: the effective configuration, and where each value came from.

use std::io::Write;
use std::process::ExitCode;

use super::output::print_json_pretty;
use super::GlobalArgs;
use crate::config::load;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON: {"files": [...], "config": {...}, "origins": {"key": "origin"}}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let loaded = load(&global.overrides())?;
    let value = toml::Value::try_from(&loaded.config)?;
    if args.json {
        let origins: serde_json::Map<String, serde_json::Value> = loaded
            .origins
            .iter()
            .map(|(k, o)| (k.clone(), o.to_string().into()))
            .collect();
        print_json_pretty(&serde_json::json!({
            "files": loaded.files,
            "level": loaded.level.number(),
            "config": value,
            "origins": origins,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "# effective lookout configuration")?;
    if loaded.files.is_empty() {
        writeln!(
            out,
            "# no config files found (defaults; see lookout.example.toml)"
        )?;
    }
    for file in &loaded.files {
        writeln!(out, "# layered: {}", file.display())?;
    }
    writeln!(
        out,
        "level = {}  # {}",
        loaded.level.number(),
        loaded.origin("level")
    )?;
    if let toml::Value::Table(table) = value {
        print_table(&mut out, &table, "", &loaded)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(
    out: &mut impl Write,
    table: &toml::Table,
    prefix: &str,
    loaded: &crate::config::Loaded,
) -> std::io::Result<()> {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => print_table(out, inner, &path, loaded)?,
            other if path != "level" => {
                writeln!(out, "{path} = {other}  # {}", loaded.origin(&path))?
            }
            _ => {}
        }
    }
    Ok(())
}
