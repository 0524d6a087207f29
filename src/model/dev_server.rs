//! What a frontend dev server says about itself, read from its output lines (already
//! sanitized, colours removed): the local address its start banner gives, and the port a start
//! failed on because another process holds it. Read as Vite, Next.js, Angular, Astro, Create
//! React App, webpack-dev-server and plain Node servers print them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Words that, before a URL on its line, make it a banner's address rather than a URL some log
/// line mentions (a request, a proxy's target): `Local:`, `Loopback:` (webpack-dev-server),
/// `listening on`, `running at`, `ready`, `Serving`, `Available on`, `url:` (Next.js 13.4).
const BANNER_WORDS: [&str; 8] = ["local", "loopback", "listening", "running", "ready", "serving", "available", "url"];

/// The app's local address in a dev server's start banner: a loopback URL (`localhost`,
/// `127.x`, `[::1]`), or one on every interface (`0.0.0.0`, `[::]`) given as `localhost`.
/// A LAN address (a `Network:` line) is not the local one.
pub fn address(line: &str) -> Option<String> {
    let mut urls = line.match_indices("http").map(|(at, _)| banner_url(&line[..at], &line[at..]));
    let from_url = urls.find_map(|url| url.and_then(local_url));
    from_url.or_else(|| listening_port(line).map(|port| format!("http://localhost:{port}")))
}

/// The URL `rest` begins with, when `before` (the line up to it) makes it a banner's.
fn banner_url<'a>(before: &str, rest: &'a str) -> Option<&'a str> {
    if !rest.starts_with("http://") && !rest.starts_with("https://") {
        return None;
    }
    let mut words = before.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).peekable();
    // A URL alone on its line is one of a list under a heading (http-server's `Available on:`).
    let bare = words.peek().is_none();
    if !bare && !words.any(|w| BANNER_WORDS.iter().any(|b| w.eq_ignore_ascii_case(b))) {
        return None;
    }
    let end = rest.find(|c: char| !c.is_ascii_graphic() || matches!(c, '"' | '\'' | '<' | '>' | '`'));
    Some(trim_punctuation(&rest[..end.unwrap_or(rest.len())]))
}

/// Without what ends the sentence or decoration around the URL: `**`, `,`, `.`, a `)` or `]`
/// that closes nothing in it.
fn trim_punctuation(mut url: &str) -> &str {
    loop {
        let trimmed = url.trim_end_matches(['*', ',', '.', ';', ':', '!', '?']);
        let trimmed = unbalanced(trimmed, '(', ')').or_else(|| unbalanced(trimmed, '[', ']')).unwrap_or(trimmed);
        if trimmed.len() == url.len() {
            return url;
        }
        url = trimmed;
    }
}

/// `text` without its last character, when that is a `close` with no `open` left for it.
fn unbalanced(text: &str, open: char, close: char) -> Option<&str> {
    let rest = text.strip_suffix(close)?;
    (text.matches(close).count() > text.matches(open).count()).then_some(rest)
}

/// `url` as the address to open, when its host is this machine.
fn local_url(url: &str) -> Option<String> {
    let (scheme, after) = url.split_once("://")?;
    let authority_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, path) = after.split_at(authority_end);
    let (host, port) = split_port(authority)?;
    Some(format!("{scheme}://{}{port}{path}", shown_host(host)?))
}

/// `host:port` into the host and `:port` (empty when there is none); None when the port is
/// not one.
fn split_port(authority: &str) -> Option<(&str, &str)> {
    let host_end = match authority.strip_prefix('[') {
        Some(inner) => inner.find(']')? + 2,
        None => authority.find(':').unwrap_or(authority.len()),
    };
    let (host, port) = authority.split_at(host_end);
    let valid = port.is_empty() || port.strip_prefix(':').is_some_and(|p| p.parse::<u16>().is_ok());
    valid.then_some((host, port))
}

/// The host as the address shows it: a loopback one as printed, every interface as
/// `localhost` (a browser cannot open `0.0.0.0` everywhere); None for any other host.
fn shown_host(host: &str) -> Option<&str> {
    if host.eq_ignore_ascii_case("localhost") {
        return Some(host);
    }
    let ip = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => IpAddr::V6(v6.parse::<Ipv6Addr>().ok()?),
        None => IpAddr::V4(host.parse::<Ipv4Addr>().ok()?),
    };
    if ip.is_unspecified() { Some("localhost") } else { ip.is_loopback().then_some(host) }
}

/// The port of a Node server that names no URL: Express's `Example app listening on port 3000`.
fn listening_port(line: &str) -> Option<u16> {
    let lower = line.to_ascii_lowercase();
    let (_, after) = lower.split_once("listening on port ")?;
    leading_number(after)?.0.parse().ok()
}

/// The port a start failed on because another process holds it.
pub fn port_in_use(line: &str) -> Option<u16> {
    eaddrinuse(line).or_else(|| said_in_use(line))
}

/// Node's own error: `Error: listen EADDRINUSE: address already in use :::5173` (or
/// `127.0.0.1:3000`, or older Node's `listen EADDRINUSE :::3000`).
fn eaddrinuse(line: &str) -> Option<u16> {
    let (_, after) = line.split_once("EADDRINUSE")?;
    after.split_whitespace().find_map(|token| {
        let address = token.trim_end_matches(|c: char| !c.is_ascii_digit());
        address.rsplit_once(':')?.1.parse().ok()
    })
}

/// A tool's own words: `Port 5173 is already in use` (Vite, Angular), `Port 3000 is in use,
/// trying 3001 instead.` (Next.js, Astro: the port named is the one taken), `Something is
/// already running on port 3000.` (Create React App).
fn said_in_use(line: &str) -> Option<u16> {
    let lower = line.to_ascii_lowercase();
    lower.match_indices("port ").find_map(|(at, word)| {
        // `report 5 is in use` is not about a port.
        if lower[..at].ends_with(|c: char| c.is_alphabetic()) {
            return None;
        }
        let (number, rest) = leading_number(&lower[at + word.len()..])?;
        let said = rest.starts_with(" is already in use")
            || rest.starts_with(" is in use")
            || lower[..at].ends_with("already running on ");
        if !said {
            return None;
        }
        number.parse().ok()
    })
}

/// The digits `text` starts with and what follows them; None when it starts with none.
fn leading_number(text: &str) -> Option<(&str, &str)> {
    let end = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    (end > 0).then(|| text.split_at(end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::ansi;

    /// The line as the app reads it: colours and other escapes removed.
    fn seen(raw: &str) -> String {
        ansi::parse(raw).text
    }

    fn address_of(raw: &str) -> Option<String> {
        address(&seen(raw))
    }

    fn port_of(raw: &str) -> Option<u16> {
        port_in_use(&seen(raw))
    }

    #[test]
    fn vite_banner_shows_its_local_address() {
        let banner = [
            "  \x1b[32m\x1b[1mVITE\x1b[22m v5.4.10\x1b[39m  \x1b[2mready in \x1b[0m\x1b[1m312\x1b[22m\x1b[2m\x1b[0m ms\x1b[22m",
            "",
            "  \x1b[32m➜\x1b[39m  \x1b[1mLocal\x1b[22m:   \x1b[36mhttp://localhost:\x1b[1m5173\x1b[22m/\x1b[39m",
            "\x1b[2m  \x1b[32m➜\x1b[39m  \x1b[1mNetwork\x1b[22m\x1b[2m: use \x1b[22m\x1b[1m--host\x1b[22m\x1b[2m to expose\x1b[22m",
            "\x1b[2m\x1b[32m  ➜\x1b[39m\x1b[22m\x1b[2m  press \x1b[22m\x1b[1mh + enter\x1b[22m\x1b[2m to show help\x1b[22m",
        ];
        let found: Vec<_> = banner.iter().filter_map(|l| address_of(l)).collect();
        assert_eq!(found, ["http://localhost:5173/"]);
    }

    #[test]
    fn a_lan_network_address_is_not_the_local_one() {
        let vite =
            "  \x1b[32m➜\x1b[39m  \x1b[1mNetwork\x1b[22m: \x1b[36mhttp://192.168.1.5:\x1b[1m5173\x1b[22m/\x1b[39m";
        assert_eq!(address_of(vite), None);
        assert_eq!(address_of("   - Network:      http://192.168.1.5:3000"), None);
        let cra = "  \x1b[1mOn Your Network:\x1b[22m  http://192.168.1.5:\x1b[1m3000\x1b[22m/";
        assert_eq!(address_of(cra), None);
    }

    #[test]
    fn next_js_banner_shows_its_local_address() {
        let banner = [
            "   \x1b[1m\x1b[35m▲ Next.js 15.0.3\x1b[39m\x1b[22m",
            "   - Local:        http://localhost:3000",
            "   - Network:      http://192.168.1.5:3000",
            "",
            " \x1b[32m\x1b[1m✓\x1b[22m\x1b[39m Starting...",
            " \x1b[32m\x1b[1m✓\x1b[22m\x1b[39m Ready in 1342ms",
        ];
        let found: Vec<_> = banner.iter().filter_map(|l| address_of(l)).collect();
        assert_eq!(found, ["http://localhost:3000"]);
        let next_13_4 = "- \x1b[32mready\x1b[39m started server on [::]:3000, url: http://localhost:3000";
        assert_eq!(address_of(next_13_4).as_deref(), Some("http://localhost:3000"));
    }

    #[test]
    fn angular_banners_show_their_local_address() {
        let v17 = "  \x1b[32m➜\x1b[39m  \x1b[1mLocal\x1b[22m:   \x1b[36mhttp://localhost:\x1b[1m4200\x1b[22m/\x1b[39m";
        assert_eq!(address_of(v17).as_deref(), Some("http://localhost:4200/"));
        let older = "** Angular Live Development Server is listening on localhost:4200, open your browser on \
                     http://localhost:4200/ **";
        assert_eq!(address_of(older).as_deref(), Some("http://localhost:4200/"));
    }

    #[test]
    fn astro_and_create_react_app_banners_show_their_local_address() {
        let astro = "\x1b[2m┃\x1b[22m Local    \x1b[1m\x1b[36mhttp://localhost:4321/\x1b[39m\x1b[22m";
        assert_eq!(address_of(astro).as_deref(), Some("http://localhost:4321/"));
        assert_eq!(address_of("\x1b[2m┃\x1b[22m Network  \x1b[2muse --host to expose\x1b[22m"), None);
        let cra = "  \x1b[1mLocal:\x1b[22m            http://localhost:\x1b[1m3000\x1b[22m/";
        assert_eq!(address_of(cra).as_deref(), Some("http://localhost:3000/"));
    }

    #[test]
    fn a_plain_node_server_shows_its_address() {
        let cases = [
            ("listening on http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("Server running at http://127.0.0.1:3000/", "http://127.0.0.1:3000/"),
            ("Example app listening on port 3000", "http://localhost:3000"),
            ("Serving HTTPS on https://[::1]:8443/app", "https://[::1]:8443/app"),
            ("Available on:", ""),
            ("  http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ];
        for (line, want) in cases {
            assert_eq!(address(line).unwrap_or_default(), want, "{line}");
        }
    }

    #[test]
    fn a_server_on_every_interface_opens_as_localhost() {
        assert_eq!(address("listening on http://0.0.0.0:8080/app").as_deref(), Some("http://localhost:8080/app"));
        assert_eq!(address("Local: http://[::]:5173/").as_deref(), Some("http://localhost:5173/"));
    }

    #[test]
    fn punctuation_around_the_address_is_not_part_of_it() {
        let cases = [
            ("listening on http://localhost:3000.", "http://localhost:3000"),
            ("ready (url: http://localhost:3000)", "http://localhost:3000"),
            ("Local: http://localhost:3000/**", "http://localhost:3000/"),
            ("Loopback: http://localhost:8080/, http://[::1]:8080/", "http://localhost:8080/"),
            ("Local: http://[::1]:8080/", "http://[::1]:8080/"),
            ("Local: http://localhost:3000/docs_(v2)", "http://localhost:3000/docs_(v2)"),
        ];
        for (line, want) in cases {
            assert_eq!(address(line).as_deref(), Some(want), "{line}");
        }
    }

    #[test]
    fn a_url_a_log_line_mentions_is_not_taken_for_the_address() {
        let lines = [
            " GET http://localhost:3000/api/todos 200 in 31ms",
            "Proxy error: Could not proxy request /api from localhost:3000 to http://localhost:8080/.",
            "    at http://localhost:5173/src/main.tsx:12:7",
            "Local: http://localhost:99999/",
            "Local: http://evil.example:3000/",
        ];
        for line in lines {
            assert_eq!(address(line), None, "{line}");
        }
    }

    #[test]
    fn node_reports_the_taken_port() {
        assert_eq!(port_of("Error: listen EADDRINUSE: address already in use :::5173"), Some(5173));
        assert_eq!(port_of("Error: listen EADDRINUSE: address already in use 127.0.0.1:3000"), Some(3000));
        assert_eq!(port_of("Error: listen EADDRINUSE :::8080"), Some(8080));
        assert_eq!(port_of("  code: 'EADDRINUSE',"), None);
    }

    #[test]
    fn vite_with_strict_port_reports_the_taken_port() {
        assert_eq!(port_of("\x1b[31merror when starting dev server:"), None);
        assert_eq!(port_of("Error: Port 5173 is already in use"), Some(5173));
    }

    #[test]
    fn next_js_reports_the_taken_port() {
        assert_eq!(port_of(" \x1b[31m\x1b[1m⨯\x1b[22m\x1b[39m Failed to start server"), None);
        assert_eq!(port_of("Error: listen EADDRINUSE: address already in use :::3000"), Some(3000));
        let moved = " \x1b[33m\x1b[1m⚠\x1b[22m\x1b[39m Port 3000 is in use, trying 3001 instead.";
        assert_eq!(port_of(moved), Some(3000));
    }

    #[test]
    fn angular_astro_and_create_react_app_report_the_taken_port() {
        let angular = "\x1b[31mPort 4200 is already in use. Use '--port' to specify a different port.\x1b[39m";
        assert_eq!(port_of(angular), Some(4200));
        assert_eq!(port_of("\x1b[2m12:00:01\x1b[22m Port 4321 is in use, trying another one..."), Some(4321));
        assert_eq!(port_of("\x1b[33mSomething is already running on port 3000.\x1b[39m"), Some(3000));
    }

    #[test]
    fn ordinary_output_reports_no_taken_port() {
        let lines = [
            "  \x1b[32m➜\x1b[39m  \x1b[1mLocal\x1b[22m:   \x1b[36mhttp://localhost:\x1b[1m5173\x1b[22m/\x1b[39m",
            "Use '--port' to specify a different port.",
            "report 5 is in use",
            "Port 3000 is free",
        ];
        for line in lines {
            assert_eq!(port_of(line), None, "{line}");
        }
    }
}
