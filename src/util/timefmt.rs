//! Small time helpers, so the crate needs no calendar library: CloudFormation timestamps are
//! RFC 3339 in UTC and log events are epoch milliseconds.

use std::time::Duration;

/// Milliseconds since the Unix epoch for `2025-03-11T03:09:36.161Z`-style UTC timestamps.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z').unwrap_or(s);
    let (date, time) = s.split_once('T')?;
    let mut d = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let (hms, frac) = time.split_once('.').unwrap_or((time, "0"));
    let mut t = hms.splitn(3, ':').map(|p| p.parse::<i64>().ok());
    let (hh, mm, ss) = (t.next()??, t.next()??, t.next()??);
    let frac: String = frac.chars().take_while(char::is_ascii_digit).chain("000".chars()).take(3).collect();
    let ms = frac.parse::<i64>().ok()?;
    Some((days_from_civil(y, m, day) * 86_400 + hh * 3600 + mm * 60 + ss) * 1000 + ms)
}

/// Howard Hinnant's days-from-civil algorithm.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2025-03-11T03:09:36.161Z`: what Amplify's resolvers write into `createdAt`/`updatedAt`.
pub fn iso8601(epoch_ms: i64) -> String {
    let (days, ms) = (epoch_ms.div_euclid(86_400_000), epoch_ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let secs = ms / 1000;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z", secs / 3600, secs / 60 % 60, secs % 60, ms % 1000)
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `HH:MM:SS` (UTC) of an epoch-milliseconds instant.
pub fn clock(epoch_ms: i64) -> String {
    let secs = epoch_ms.div_euclid(1000).rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Compact elapsed time: `850ms`, `12.4s`, `3m 05s`, `1h 02m`.
pub fn elapsed(d: Duration) -> String {
    let ms = d.as_millis();
    match ms {
        0..=999 => format!("{ms}ms"),
        1000..=59_999 => format!("{:.1}s", d.as_secs_f64()),
        60_000..=3_599_999 => format!("{}m {:02}s", ms / 60_000, ms / 1000 % 60),
        _ => format!("{}h {:02}m", ms / 3_600_000, ms / 60_000 % 60),
    }
}

/// How long ago, coarse: `now`, `42s`, `5m`, `3h`, `2d`.
pub fn age(secs: i64) -> String {
    match secs {
        i64::MIN..=4 => "now".into(),
        5..=59 => format!("{secs}s"),
        60..=3599 => format!("{}m", secs / 60),
        3600..=86_399 => format!("{}h", secs / 3600),
        _ => format!("{}d", secs / 86_400),
    }
}

pub fn now_epoch_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cloudformation_timestamps() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(parse_rfc3339_ms("2025-03-11T03:09:36.161Z"), Some(1_741_662_576_161));
        assert_eq!(parse_rfc3339_ms("garbage"), None);
        assert_eq!(iso8601(1_741_662_576_161), "2025-03-11T03:09:36.161Z");
        assert_eq!(parse_rfc3339_ms(&iso8601(951_782_400_007)), Some(951_782_400_007));
    }

    #[test]
    fn formats_clock_and_durations() {
        assert_eq!(clock(1_741_662_576_161), "03:09:36");
        assert_eq!(elapsed(Duration::from_millis(12_400)), "12.4s");
        assert_eq!(elapsed(Duration::from_secs(185)), "3m 05s");
        assert_eq!(age(7200), "2h");
    }
}
