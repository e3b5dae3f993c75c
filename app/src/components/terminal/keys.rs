//! The on-screen key bar's keys and the sticky Ctrl/Alt modifiers, as pure functions.

/// Keys of the bar: label, and the bytes sent (arrows depend on the cursor-key mode).
pub const BAR: &[(&str, &str)] = &[
    ("Esc", "\u{1b}"),
    ("Tab", "\t"),
    ("Ctrl", ""),
    ("Alt", ""),
    ("←", "D"),
    ("↑", "A"),
    ("↓", "B"),
    ("→", "C"),
    ("|", "|"),
    ("~", "~"),
    ("/", "/"),
];

/// Escape sequence of an arrow key (`A`–`D`) in normal or application cursor mode.
pub fn arrow(letter: &str, application_mode: bool) -> String {
    if application_mode {
        format!("\u{1b}O{letter}")
    } else {
        format!("\u{1b}[{letter}")
    }
}

/// Applies sticky modifiers to one typed chunk: Ctrl maps a single character to its
/// control code, Alt prefixes ESC (as terminals do with "meta sends escape").
pub fn apply(data: &str, ctrl: bool, alt: bool) -> String {
    let mut out = data.to_owned();
    if ctrl {
        let mut chars = data.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            let code = match c {
                'a'..='z' => Some(c as u8 - b'a' + 1),
                'A'..='Z' => Some(c as u8 - b'A' + 1),
                '@' | ' ' | '2' => Some(0),
                '[' | '3' => Some(27),
                '\\' | '4' => Some(28),
                ']' | '5' => Some(29),
                '^' | '6' => Some(30),
                '_' | '7' | '/' => Some(31),
                '?' | '8' => Some(127),
                _ => None,
            };
            if let Some(code) = code {
                out = char::from(code).to_string();
            }
        }
    }
    if alt {
        out.insert(0, '\u{1b}');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sticky_modifiers() {
        assert_eq!(apply("c", true, false), "\u{3}");
        assert_eq!(apply("C", true, false), "\u{3}");
        assert_eq!(apply("[", true, false), "\u{1b}");
        assert_eq!(apply("b", false, true), "\u{1b}b");
        assert_eq!(apply("x", true, true), "\u{1b}\u{18}");
        assert_eq!(apply("ls", true, false), "ls", "multi-character input is left alone");
        assert_eq!(apply("é", true, false), "é");
        assert_eq!(arrow("A", false), "\u{1b}[A");
        assert_eq!(arrow("D", true), "\u{1b}OD");
    }
}
