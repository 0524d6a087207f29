//! Helpers with no knowledge of ampdeck: text from outside made safe, times, terminal
//! colours, errors that point into a file.

pub mod ansi;
pub mod base64;
pub mod file_error;
pub mod plural;
pub mod sanitize;
pub mod timefmt;

/// The index `by` places from `at` among `len`, around both ends (`len` 0: 0).
pub fn step_around(at: usize, by: isize, len: usize) -> usize {
    let len = isize::try_from(len).unwrap_or(isize::MAX).max(1);
    let at = isize::try_from(at).unwrap_or(0);
    usize::try_from((at + by).rem_euclid(len)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn steps_go_around_both_ends() {
        assert_eq!((super::step_around(2, 1, 3), super::step_around(0, -1, 3)), (0, 2));
        assert_eq!((super::step_around(1, 1, 3), super::step_around(0, 1, 0)), (2, 0));
    }
}
