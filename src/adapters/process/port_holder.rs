//! Who holds a TCP port a dev server could not listen on, so the app can name it: "port 5173
//! is held by node vite (pid 4242)". On Linux from /proc (the listening socket's inode, then
//! the process with a descriptor on it); where there is no /proc/net (macOS) from `lsof`. The
//! scan blocks: the caller runs it on a blocking thread.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::util::sanitize::sanitize;

/// A command line is cut to this many characters: a bundler's can run to kilobytes.
const MAX_COMMAND: usize = 120;
/// TCP's LISTEN state, as /proc/net/tcp writes it.
const LISTEN: &str = "0A";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    /// Its command line, arguments joined by spaces, sanitized and cut short.
    pub command: String,
}

impl Holder {
    fn new(pid: u32, command: &str) -> Self {
        Self { pid, command: shortened(&sanitize(command)) }
    }

    /// `node server.mjs (pid 4242)`.
    pub fn describe(&self) -> String {
        if self.command.is_empty() {
            return format!("pid {}", self.pid);
        }
        format!("{} (pid {})", self.command, self.pid)
    }
}

/// The process listening on TCP `port`, when it can be found: another user's process cannot
/// be looked into without privileges, and then nobody is named.
pub fn holder(port: u16) -> Option<Holder> {
    match fs::read_to_string("/proc/net/tcp") {
        Ok(tcp) => from_proc(&tcp, port),
        Err(_) => from_lsof(port),
    }
}

fn from_proc(tcp: &str, port: u16) -> Option<Holder> {
    // IPv6 can be turned off, and tcp6 with it.
    let tcp6 = fs::read_to_string("/proc/net/tcp6").unwrap_or_default();
    let mut inodes = listening_inodes(tcp, port);
    inodes.extend(listening_inodes(&tcp6, port));
    if inodes.is_empty() {
        return None;
    }
    let mut pids = fs::read_dir("/proc").ok()?.flatten().filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok());
    let pid = pids.find(|&pid| holds_socket(pid, &inodes))?;
    Some(Holder::new(pid, &command_line(pid)))
}

/// The inodes of the sockets listening on `port` in a /proc/net/tcp or tcp6 table, whose
/// rows read `1: 0100007F:1435 00000000:0000 0A … 1161732 …`: the local address with its port
/// in hex, the remote one, the state, and the inode tenth.
fn listening_inodes(table: &str, port: u16) -> Vec<u64> {
    table.lines().skip(1).filter_map(|row| listening_inode(row, port)).collect()
}

fn listening_inode(row: &str, port: u16) -> Option<u64> {
    let fields: Vec<&str> = row.split_whitespace().collect();
    let (_, local_port) = fields.get(1)?.rsplit_once(':')?;
    let listening = fields.get(3) == Some(&LISTEN) && u16::from_str_radix(local_port, 16) == Ok(port);
    // Inode 0 is a socket no process owns any more.
    fields.get(9)?.parse().ok().filter(|&inode| listening && inode != 0)
}

/// Whether one of the process's descriptors is one of the sockets; a process whose
/// descriptors cannot be read (another user's) is not.
fn holds_socket(pid: u32, inodes: &[u64]) -> bool {
    let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else { return false };
    let mut targets = fds.flatten().filter_map(|fd| fs::read_link(fd.path()).ok());
    targets.any(|target| socket_inode(&target).is_some_and(|inode| inodes.contains(&inode)))
}

/// A descriptor's link names its socket `socket:[1161732]`.
fn socket_inode(link: &Path) -> Option<u64> {
    link.to_str()?.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok()
}

/// /proc/<pid>/cmdline's arguments, NUL-separated there, joined by spaces.
fn command_line(pid: u32) -> String {
    let raw = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let args: Vec<_> = raw.split(|&b| b == 0).filter(|a| !a.is_empty()).map(String::from_utf8_lossy).collect();
    args.join(" ")
}

fn from_lsof(port: u16) -> Option<Holder> {
    let output = Command::new("lsof")
        .args(["-nP", "-b", "-w", &format!("-iTCP:{port}"), "-sTCP:LISTEN", "-Fpc"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    // lsof exits 1 when nothing listens; its output says as much.
    parse_lsof(&String::from_utf8_lossy(&output.stdout))
}

/// The first process in lsof's field output: a `p<pid>` line opens each process and its
/// `c<command>` (the command's name) follows; `f` lines of its files may come after.
fn parse_lsof(text: &str) -> Option<Holder> {
    let mut pid = None;
    for line in text.lines() {
        if let Some(number) = line.strip_prefix('p') {
            pid = number.parse().ok();
        } else if let (Some(command), Some(pid)) = (line.strip_prefix('c'), pid) {
            return Some(Holder::new(pid, command));
        }
    }
    pid.map(|pid| Holder::new(pid, ""))
}

/// `text` cut to `MAX_COMMAND` characters, an ellipsis saying it was.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(MAX_COMMAND) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// /proc/net/tcp as Linux wrote it with a server on 127.0.0.1:5173 (0x1435) and one
    /// connection to it (both ends shown), beside sshd's :2024 on every interface.
    const TCP: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1178 1 000000004de23bef 100 0 0 10 0
   1: 0100007F:1435 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1162784 1 000000006c6c40e8 100 0 0 10 0
   2: 0100007F:C8BE 0100007F:1435 01 00000000:00000000 00:00000000 00000000     0        0 1162785 2 00000000d840a9a5 20 0 0 10 -1
   3: 0100007F:1435 0100007F:C8BE 01 00000000:00000000 00:00000000 00000000     0        0 1162786 1 0000000061999237 20 0 0 10 -1
";

    /// /proc/net/tcp6 with a server on [::]:5173.
    const TCP6: &str = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1435 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1161733 1 0000000006b518dc 100 0 0 10 0
";

    #[test]
    fn only_the_listening_socket_on_the_port_is_taken() {
        assert_eq!(listening_inodes(TCP, 5173), [1162784]);
        assert_eq!(listening_inodes(TCP6, 5173), [1161733]);
        assert_eq!(listening_inodes(TCP, 2024), [1178]);
        assert!(listening_inodes(TCP, 3000).is_empty());
        assert!(listening_inodes("", 5173).is_empty());
    }

    #[test]
    fn lsof_names_the_process_holding_the_port() {
        // As lsof prints it on Linux, and on macOS (with the descriptors' `f` lines).
        assert_eq!(parse_lsof("p30075\ncpython3\n"), Some(Holder { pid: 30075, command: "python3".into() }));
        let two = "p4242\ncnode\nf23\nf24\np4300\ncnode\nf19\n";
        assert_eq!(parse_lsof(two).map(|h| h.describe()).as_deref(), Some("node (pid 4242)"));
        assert_eq!(parse_lsof(""), None);
    }

    #[test]
    fn a_holder_reads_as_command_and_pid() {
        let holder = Holder::new(4242, "node server.mjs");
        assert_eq!(holder.describe(), "node server.mjs (pid 4242)");
        assert_eq!(Holder::new(7, "").describe(), "pid 7");
    }

    #[test]
    fn a_long_or_hostile_command_line_is_shown_short_and_safe() {
        let holder = Holder::new(1, &format!("node \x1b]0;pwned\x07{}", "x".repeat(500)));
        assert!(holder.command.starts_with("node xxx"), "{}", holder.command);
        assert_eq!(holder.command.chars().count(), MAX_COMMAND + 1);
        assert!(holder.command.ends_with('…'));
    }

    #[test]
    fn finds_this_test_holding_a_port() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let found = holder(port);
        assert_eq!(found.as_ref().map(|h| h.pid), Some(std::process::id()), "{found:?}");
        drop(listener);
    }
}
