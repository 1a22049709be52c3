//! Themes: semantic style slots (`level.*`, `risk.*`, `diff.*`, `ui.*`) loaded
//! from TOML. Shipped themes are embedded; a user theme is a path. `NO_COLOR`
//! strips colours but keeps modifiers, so badges stay readable.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};

use crate::ingest::LogLevel;

const SHIPPED: [(&str, &str); 3] = [
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

/// Every slot a theme must define, by section.
const SLOTS: [(&str, &[&str]); 4] = [
    (
        "level",
        &["trace", "debug", "info", "warn", "error", "fatal"],
    ),
    ("risk", &["low", "medium", "high", "blocked"]),
    (
        "diff",
        &[
            "added",
            "removed",
            "context",
            "hunk",
            "added_emphasis",
            "removed_emphasis",
        ],
    ),
    (
        "ui",
        &[
            "text",
            "muted",
            "border",
            "border_focused",
            "title",
            "status",
            "badge_read_only",
            "badge_propose",
            "key_hint",
            "search_match",
            "selected",
            "new",
            "burst",
            "deploy",
            "sparkline",
            "anomaly",
            "source_ok",
            "source_error",
        ],
    ),
];

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ThemeError {
    #[error("theme {name:?} is neither a shipped theme (default, light, high-contrast) nor a readable file: {reason}")]
    NotFound { name: String, reason: String },
    #[error("theme file {file}: not valid TOML: {message}")]
    Toml { file: String, message: String },
    #[error("theme file {file}: key `{key}` is missing (every slot of default.toml is required)")]
    Missing { file: String, key: String },
    #[error("theme file {file}: key `{key}` is unknown")]
    Unknown { file: String, key: String },
    #[error("theme file {file}: key `{key}` has value {value:?}: {reason}")]
    BadValue {
        file: String,
        key: String,
        value: String,
        reason: String,
    },
}

/// A loaded theme: `section.slot` → style.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    styles: BTreeMap<String, Style>,
}

impl Theme {
    /// Loads a shipped theme by name or a theme file by path; `no_color` strips colours.
    pub fn load(name_or_path: &str, no_color: bool) -> Result<Theme, ThemeError> {
        let (file, text) = match SHIPPED.iter().find(|(name, _)| *name == name_or_path) {
            Some((name, text)) => (format!("themes/{name}.toml"), (*text).to_string()),
            None => {
                let path = PathBuf::from(name_or_path);
                let text = std::fs::read_to_string(&path).map_err(|err| ThemeError::NotFound {
                    name: name_or_path.to_string(),
                    reason: err.to_string(),
                })?;
                (path.display().to_string(), text)
            }
        };
        let mut theme = parse(&file, &text)?;
        theme.name = Path::new(name_or_path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| name_or_path.to_string());
        if no_color {
            for style in theme.styles.values_mut() {
                style.fg = None;
                style.bg = None;
            }
        }
        Ok(theme)
    }

    /// The names of the shipped themes.
    pub fn shipped() -> impl Iterator<Item = &'static str> {
        SHIPPED.iter().map(|(name, _)| *name)
    }

    /// The style of `section.slot`; default style if absent (cannot happen after `parse`).
    pub fn get(&self, key: &str) -> Style {
        self.styles.get(key).copied().unwrap_or_default()
    }

    pub fn level(&self, level: LogLevel) -> Style {
        self.get(&format!("level.{}", level.as_str()))
    }

    pub fn ui(&self, slot: &str) -> Style {
        self.get(&format!("ui.{slot}"))
    }
}

/// Parses and validates a theme text; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Theme, ThemeError> {
    let table: toml::Table = text
        .parse()
        .map_err(|err: toml::de::Error| ThemeError::Toml {
            file: file.to_string(),
            message: err.message().to_string(),
        })?;
    let mut styles = BTreeMap::new();
    for (section, value) in &table {
        let Some((_, slots)) = SLOTS.iter().find(|(name, _)| name == section) else {
            return Err(ThemeError::Unknown {
                file: file.to_string(),
                key: section.clone(),
            });
        };
        let Some(entries) = value.as_table() else {
            return Err(bad(
                file,
                section,
                &value.to_string(),
                "expected a [section] table",
            ));
        };
        for (slot, value) in entries {
            let key = format!("{section}.{slot}");
            if !slots.contains(&slot.as_str()) {
                return Err(ThemeError::Unknown {
                    file: file.to_string(),
                    key,
                });
            }
            let Some(spec) = value.as_str() else {
                return Err(bad(
                    file,
                    &key,
                    &value.to_string(),
                    "expected a string like \"red on black bold\"",
                ));
            };
            let style = parse_style(spec).map_err(|reason| bad(file, &key, spec, &reason))?;
            styles.insert(key, style);
        }
    }
    for (section, slots) in SLOTS {
        for slot in slots {
            let key = format!("{section}.{slot}");
            if !styles.contains_key(&key) {
                return Err(ThemeError::Missing {
                    file: file.to_string(),
                    key,
                });
            }
        }
    }
    Ok(Theme {
        name: file.to_string(),
        styles,
    })
}

fn bad(file: &str, key: &str, value: &str, reason: &str) -> ThemeError {
    ThemeError::BadValue {
        file: file.to_string(),
        key: key.to_string(),
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

/// `"white on red bold"` → Style.
fn parse_style(spec: &str) -> Result<Style, String> {
    let mut style = Style::default();
    let mut words = spec.split_whitespace().peekable();
    let mut seen_fg = false;
    while let Some(word) = words.next() {
        let modifier = match word {
            "bold" => Some(Modifier::BOLD),
            "italic" => Some(Modifier::ITALIC),
            "underline" => Some(Modifier::UNDERLINED),
            "reversed" => Some(Modifier::REVERSED),
            "dim" => Some(Modifier::DIM),
            _ => None,
        };
        if let Some(modifier) = modifier {
            style = style.add_modifier(modifier);
        } else if word == "on" {
            let bg = words.next().ok_or("`on` must be followed by a colour")?;
            style = style.bg(parse_color(bg)?);
        } else if !seen_fg {
            style = style.fg(parse_color(word)?);
            seen_fg = true;
        } else {
            return Err(format!("unexpected word {word:?}"));
        }
    }
    Ok(style)
}

fn parse_color(word: &str) -> Result<Color, String> {
    if let Some(hex) = word.strip_prefix('#') {
        let valid = hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit());
        if !valid {
            return Err(format!("{word:?} is not a #rrggbb colour"));
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
        return Ok(Color::Rgb(channel(0), channel(2), channel(4)));
    }
    let color = match word {
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "dark_gray" | "dark_grey" => Color::DarkGray,
        "white" => Color::White,
        "light_red" => Color::LightRed,
        "light_green" => Color::LightGreen,
        "light_yellow" => Color::LightYellow,
        "light_blue" => Color::LightBlue,
        "light_magenta" => Color::LightMagenta,
        "light_cyan" => Color::LightCyan,
        "reset" => Color::Reset,
        other => return Err(format!("{other:?} is not a colour name or #rrggbb")),
    };
    Ok(color)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_theme_loads() {
        for name in Theme::shipped() {
            let theme = Theme::load(name, false).unwrap();
            assert_ne!(theme.get("risk.high"), Style::default(), "{name}");
        }
    }

    #[test]
    fn bad_theme_errors_name_file_key_and_value() {
        let text = include_str!("../../themes/default.toml")
            .replace("warn = \"yellow\"", "warn = \"yelow\"");
        let err = parse("my.toml", &text).unwrap_err();
        assert_eq!(
            err.to_string(),
            "theme file my.toml: key `level.warn` has value \"yelow\": \"yelow\" is not a colour name or #rrggbb"
        );
        let missing = include_str!("../../themes/default.toml")
            .replace("fatal = \"white on red bold\"\n", "");
        assert!(parse("m.toml", &missing)
            .unwrap_err()
            .to_string()
            .contains("`level.fatal` is missing"));
        let unknown = format!(
            "{}\nsparkle = \"red\"\n",
            include_str!("../../themes/default.toml")
        );
        assert!(parse("u.toml", &unknown)
            .unwrap_err()
            .to_string()
            .contains("`ui.sparkle` is unknown"));
    }

    #[test]
    fn no_color_keeps_modifiers_only() {
        let theme = Theme::load("default", true).unwrap();
        let high = theme.get("risk.high");
        assert_eq!((high.fg, high.bg), (None, None));
        assert!(high.add_modifier.contains(Modifier::BOLD));
    }
}
