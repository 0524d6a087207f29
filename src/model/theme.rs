//! Themes: semantic colour roles read from TOML (files are read by the shell). Built-in themes are compiled in; a user
//! theme names a `parent` and overrides only what it wants, so new roles never break it.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use ratatui::style::Color;

use crate::util::file_error::FileError;

pub const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("high-contrast", include_str!("../../themes/high-contrast.toml")),
];

macro_rules! roles {
    ($($role:ident),* $(,)?) => {
        /// Colours by meaning, never by widget.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Theme {
            pub name: String,
            $(pub $role: Color,)*
        }

        const ROLES: &[&str] = &[$(stringify!($role)),*];

        impl Theme {
            fn from_map(name: String, map: &BTreeMap<String, Color>) -> Result<Self, String> {
                let get = |role: &str| map.get(role).copied().ok_or_else(|| format!("colour role `{role}` is not set"));
                Ok(Self { name, $($role: get(stringify!($role))?,)* })
            }
        }
    };
}

roles!(
    fg,
    bg,
    muted,
    border,
    border_focused,
    title,
    title_focused,
    accent,
    selection_bg,
    status_bar_fg,
    status_bar_bg,
    status_complete,
    status_in_progress,
    status_failed,
    status_rolling_back,
    status_rolled_back,
    status_deleted,
    log_error,
    log_warn,
    log_info,
    log_debug,
    log_platform,
    log_function,
    log_data_api,
    match_bg,
    error_banner_fg,
    error_banner_bg,
    gauge_done,
    gauge_todo,
);

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: Option<String>,
    parent: Option<String>,
    #[serde(default)]
    colors: BTreeMap<String, String>,
}

impl Theme {
    pub fn builtin(name: &str) -> Option<Theme> {
        let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        // Built-ins are tested to parse; a broken one would fail every test run.
        Self::parse(text, Path::new(name), 0).ok()
    }

    pub fn builtins() -> Vec<Theme> {
        BUILTIN.iter().filter_map(|(n, _)| Self::builtin(n)).collect()
    }

    /// A theme file's text; `path` names it in errors.
    pub fn from_file(text: &str, path: &Path) -> Result<Theme, FileError> {
        Self::parse(text, path, 0)
    }

    /// The names of the built-in themes, for error messages.
    pub fn builtin_names() -> Vec<&'static str> {
        BUILTIN.iter().map(|(n, _)| *n).collect()
    }

    fn parse(text: &str, path: &Path, depth: u8) -> Result<Theme, FileError> {
        let file: ThemeFile = toml::from_str(text).map_err(|e| FileError::from_toml(path, text, &e))?;
        let mut map = match file.parent.as_deref() {
            Some(parent) if depth < 4 => {
                let (_, parent_text) = BUILTIN.iter().find(|(n, _)| *n == parent).ok_or_else(|| {
                    FileError::at_key(path, text, "parent", format!("unknown parent theme `{parent}`"))
                })?;
                Self::colours(&Self::parse_file(parent_text, Path::new(parent))?, Path::new(parent), parent_text)?
            }
            Some(_) => return Err(FileError::plain(path, "theme parents nest too deep".into())),
            None => BTreeMap::new(),
        };
        map.extend(Self::colours(&file, path, text)?);
        let name =
            file.name.unwrap_or_else(|| path.file_stem().map_or("custom".into(), |s| s.to_string_lossy().into_owned()));
        Theme::from_map(name, &map).map_err(|m| FileError::plain(path, m))
    }

    fn parse_file(text: &str, path: &Path) -> Result<ThemeFile, FileError> {
        toml::from_str(text).map_err(|e| FileError::from_toml(path, text, &e))
    }

    fn colours(file: &ThemeFile, path: &Path, text: &str) -> Result<BTreeMap<String, Color>, FileError> {
        file.colors
            .iter()
            .map(|(role, value)| {
                if !ROLES.contains(&role.as_str()) {
                    return Err(FileError::at_key(path, text, role, format!("unknown colour role `{role}`")));
                }
                let colour = Color::from_str(value).map_err(|_| {
                    FileError::at_key(
                        path,
                        text,
                        role,
                        format!("`{value}` is not a colour (use #rrggbb, a name like `red`, or 0-255)"),
                    )
                })?;
                Ok((role.clone(), colour))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_defines_every_role() {
        for (name, text) in BUILTIN {
            let theme = Theme::parse(text, Path::new(name), 0);
            assert!(theme.is_ok(), "{name}: {:?}", theme.err());
        }
        assert_eq!(Theme::builtins().len(), BUILTIN.len());
    }

    #[test]
    fn a_user_theme_overrides_its_parent() {
        let path = Path::new("/themes/mine.toml");
        let theme =
            Theme::from_file("parent = \"dark\"\n[colors]\nstatus_failed = \"#ff00ff\"\n", path).expect("loads");
        assert_eq!(theme.status_failed, Color::Rgb(255, 0, 255));
        assert_eq!(theme.fg, Theme::builtin("dark").expect("dark").fg);
        assert_eq!(theme.name, "mine");
    }

    #[test]
    fn bad_colours_and_unknown_roles_name_the_line() {
        let path = Path::new("/themes/bad.toml");
        let err = Theme::from_file("parent = \"dark\"\n[colors]\nfg = \"#zzz\"\n", path).expect_err("bad colour");
        assert_eq!((err.line, err.column), (Some(3), Some(1)), "{err}");
        let err = Theme::from_file("parent = \"dark\"\n[colors]\n\nfgg = \"red\"\n", path).expect_err("unknown role");
        assert!(err.to_string().contains(":4:1: unknown colour role `fgg`"), "{err}");
    }
}
