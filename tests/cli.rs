//! The binary's contract before the screen opens: flags, config and theme errors exit with
//! code 2 and one line that says what is wrong and where.

use std::path::Path;
use std::process::{Command, Output};

fn ampdeck(args: &[&str], config_home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ampdeck"))
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env("XDG_STATE_HOME", config_home)
        .output()
        .expect("binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn usage_error(out: &Output, expect: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("ampdeck: ") && err.contains(expect), "{err}");
}

#[test]
fn help_lists_every_contract_flag() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = ampdeck(&["--help"], home.path());
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--demo",
        "--dir",
        "--profile",
        "--region",
        "--endpoint-url",
        "--identifier",
        "--stack",
        "--deploy-command",
        "--theme",
        "--config",
        "--help",
        "--version",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
}

#[test]
fn version_prints_the_crate_version() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = ampdeck(&["--version"], home.path());
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn unknown_flags_and_bad_values_exit_2_with_one_line() {
    let home = tempfile::tempdir().expect("tempdir");
    usage_error(&ampdeck(&["--bogus"], home.path()), "--bogus");
    usage_error(&ampdeck(&["--identifier", "no spaces"], home.path()), "--identifier");
    usage_error(&ampdeck(&["--endpoint-url", "localhost:5000"], home.path()), "--endpoint-url");
    usage_error(&ampdeck(&["--dir", "/definitely/not/here"], home.path()), "no such directory");
    usage_error(&ampdeck(&["--theme", "no-such-theme"], home.path()), "built-in themes: dark, light, high-contrast");
    usage_error(&ampdeck(&["--config", "/definitely/not/here.toml"], home.path()), "here.toml");
}

#[test]
fn malformed_project_config_names_file_line_and_column() {
    let home = tempfile::tempdir().expect("tempdir");
    let project = tempfile::tempdir().expect("tempdir");
    let file = project.path().join("ampdeck.toml");
    std::fs::write(&file, "theme = \"dark\"\ndebounce_ms = \"soon\"\n").expect("write");
    let out = ampdeck(&["--dir", &project.path().to_string_lossy()], home.path());
    usage_error(&out, &format!("{}:2:15:", file.display()));
}

#[test]
fn malformed_user_config_is_found_in_the_xdg_dir() {
    let home = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(home.path().join("ampdeck")).expect("mkdir");
    let file = home.path().join("ampdeck/config.toml");
    std::fs::write(&file, "[oops\n").expect("write");
    usage_error(&ampdeck(&["--demo"], home.path()), &format!("{}:1:", file.display()));
}

#[test]
fn malformed_theme_file_names_file_line_and_column() {
    let home = tempfile::tempdir().expect("tempdir");
    let theme = home.path().join("mine.toml");
    std::fs::write(&theme, "parent = \"dark\"\n[colors]\nstatus_failed = \"not-a-colour\"\n").expect("write");
    let out = ampdeck(&["--demo", "--theme", &theme.to_string_lossy()], home.path());
    usage_error(&out, &format!("{}:3:1:", theme.display()));
}

#[test]
fn each_kind_of_bad_keys_entry_exits_2_with_file_line_and_column() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = home.path().join("keys.toml");
    for (text, line, what) in [
        ("theme = \"dark\"\n[keys]\n\"logs.bogus\" = \"b\"\n", 3, "unknown action `logs.bogus`"),
        ("[keys]\ndeploy = \"ctrl-\"\n", 2, "`ctrl-` is not a key"),
        ("[keys]\n\n\n\"logs.errors_only\" = [\"e\", \"q\"]\n", 4, "`q` is already bound to `quit`"),
        ("[keys]\ncancel = \"d\"\n", 2, "`d` is already bound to `deploy`"),
        ("[keys]\ndeploy = 7\n", 2, "expected a key or a list of keys"),
    ] {
        std::fs::write(&file, text).expect("write");
        let out = ampdeck(&["--demo", "--config", &file.to_string_lossy()], home.path());
        usage_error(&out, &format!("{}:{line}:1: ", file.display()));
        assert!(stderr(&out).contains(what), "{text}: {}", stderr(&out));
    }
}
