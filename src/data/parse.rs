//! Text → numbers: what a person types or pastes as a sequence, read leniently and explained
//! exactly when it can't be read.

use crate::format::group;
use std::fmt;

/// The most values a sequence may hold.
pub const MAX_VALUES: usize = 100_000;
/// Why a piece of text is not a sequence of numbers. Positions count values from 1.
#[derive(Debug, Clone, PartialEq)]
pub enum ParseError {
    Empty,
    NotANumber { token: String, position: usize },
    TooLarge { token: String, position: usize },
    NotFinite { token: String, position: usize },
    TooMany,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => write!(
                f,
                "The sequence is empty: type some numbers, separated by commas or spaces."
            ),
            ParseError::NotANumber { token, position } => {
                write!(f, "\"{token}\" at position {position} is not a number.")
            }
            ParseError::TooLarge { token, position } => write!(
                f,
                "\"{token}\" at position {position} is too large (the limit is about 3.4e38)."
            ),
            ParseError::NotFinite { token, position } => write!(
                f,
                "\"{token}\" at position {position} is not a finite number: use ordinary numbers."
            ),
            ParseError::TooMany => write!(
                f,
                "The sequence has more than {} values; please shorten it.",
                group(MAX_VALUES)
            ),
        }
    }
}

impl std::error::Error for ParseError {}

/// Shows at most 24 characters of a token: a pasted megabyte must not end up in a message.
fn shown(token: &str) -> String {
    let mut s: String = token.chars().take(24).collect();
    if token.chars().nth(24).is_some() {
        s.push('…');
    }
    s
}

/// Parses values separated by any mix of commas, semicolons, spaces and newlines.
///
/// Accepts decimals, `1e3`, `-2.5E-1`, a leading `+`, and the Unicode minus `−` (what word
/// processors and slides paste). Rejects NaN, infinities and values beyond f32.
pub fn parse_sequence(text: &str) -> Result<Vec<f32>, ParseError> {
    let mut values = Vec::new();
    let tokens = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty());
    for (i, token) in tokens.enumerate() {
        let position = i + 1;
        if position > MAX_VALUES {
            return Err(ParseError::TooMany);
        }
        values.push(parse_value(token, position)?);
    }
    if values.is_empty() {
        return Err(ParseError::Empty);
    }
    Ok(values)
}

/// Parses one number the way [`parse_sequence`] does; `position` only labels errors.
pub fn parse_value(token: &str, position: usize) -> Result<f32, ParseError> {
    // Allocates only for a Unicode minus: 100,000 pasted values must parse in a few ms.
    // (A char test: `str::contains` of a non-ASCII char would link the substring searcher.)
    let normal = if token.chars().any(|c| c == '\u{2212}') {
        std::borrow::Cow::Owned(token.replace('\u{2212}', "-"))
    } else {
        std::borrow::Cow::Borrowed(token)
    };
    let bad = || ParseError::NotANumber {
        token: shown(token),
        position,
    };
    // "inf" and "NaN" are words, not numbers, to a student: say so rather than "not a number".
    let word = normal.trim_start_matches(['+', '-']).as_bytes();
    let starts = |w: &[u8]| word.len() >= w.len() && word[..w.len()].eq_ignore_ascii_case(w);
    if starts(b"inf") || starts(b"nan") {
        return Err(ParseError::NotFinite {
            token: shown(token),
            position,
        });
    }
    let v = crate::format::parse_f32(&normal).ok_or_else(bad)?;
    if !v.is_finite() {
        return Err(ParseError::TooLarge {
            token: shown(token),
            position,
        });
    }
    Ok(v)
}

/// How commas inside numbers could be meant, when they are not separating values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// `1,234` is one thousand two hundred and thirty-four.
    Thousands,
    /// `12,5` is twelve and a half.
    Decimals,
}

/// The readings of `text` its commas allow, each with the text rewritten that way, for the page
/// to offer (thousands first). Values must be separated by spaces, new lines, tabs or semicolons
/// and at least one hold a comma between digits: `1,234 2,345` may be thousands or decimals,
/// `12,5; 13,1` only decimals, `1,234,567` only thousands. It never changes how
/// [`parse_sequence`] reads the text: guessing silently would turn "10,20;30,40" into two numbers
/// for someone who meant four.
pub fn comma_readings(text: &str) -> Vec<(Reading, String)> {
    let tokens: Vec<&str> = text
        .split(|c: char| c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| t.trim_start_matches(['-', '+', '\u{2212}']))
        .collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    let has_comma = |t: &&str| t.bytes().any(|c| c == b',');
    if tokens.len() < 2 || !tokens.iter().any(has_comma) {
        return Vec::new();
    }
    // 12,5: one comma between digits, no point.
    let decimal = |t: &&str| matches!(t.split_once(','), Some((a, b)) if digits(a) && digits(b));
    // 1,234,567.5 (or a plain 999): groups of three after the first, then maybe a decimal part.
    let thousands = |t: &&str| {
        let (whole, frac) = t.split_once('.').unwrap_or((t, "0"));
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or("");
        let head_ok = digits(first) && (first.len() <= 3 || !whole.contains(','));
        head_ok && groups.all(|g| g.len() == 3 && digits(g)) && digits(frac)
    };
    let mut out = Vec::new();
    if tokens.iter().all(thousands) {
        out.push((Reading::Thousands, text.replace(',', "")));
    }
    if tokens.iter().all(decimal) {
        out.push((Reading::Decimals, text.replace(',', ".")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_number_forms() {
        let v = parse_sequence("1, 2;3\n4\t 5 ,, 1e3 -2.5E-1 +7 \u{2212}8 .5").unwrap();
        assert_eq!(
            v,
            vec![1.0, 2.0, 3.0, 4.0, 5.0, 1000.0, -0.25, 7.0, -8.0, 0.5]
        );
    }

    #[test]
    fn parse_errors_name_token_and_position() {
        let e = parse_sequence("10, abc, 30").unwrap_err();
        assert_eq!(e.to_string(), "\"abc\" at position 2 is not a number.");
        assert!(matches!(
            parse_sequence("1 NaN").unwrap_err(),
            ParseError::NotFinite { position: 2, .. }
        ));
        assert!(matches!(
            parse_sequence("-inf").unwrap_err(),
            ParseError::NotFinite { position: 1, .. }
        ));
        assert!(matches!(
            parse_sequence("1 2 1e39").unwrap_err(),
            ParseError::TooLarge { position: 3, .. }
        ));
        assert_eq!(parse_sequence(" ,\n ;").unwrap_err(), ParseError::Empty);
        assert_eq!(parse_sequence("").unwrap_err(), ParseError::Empty);
        let long = "1 ".repeat(MAX_VALUES + 1);
        assert_eq!(parse_sequence(&long).unwrap_err(), ParseError::TooMany);
        assert_eq!(
            parse_sequence(&"1 ".repeat(MAX_VALUES)).unwrap().len(),
            MAX_VALUES
        );
    }

    #[test]
    fn commas_in_numbers_are_offered_never_guessed() {
        use Reading::{Decimals, Thousands};
        let offered = |text: &str| -> Vec<(Reading, String)> { comma_readings(text) };
        for (text, want) in [
            ("12,5; 13,1; 14,7", vec![(Decimals, "12.5; 13.1; 14.7")]),
            (
                "12,5\n13,1\n\u{2212}14,75\n",
                vec![(Decimals, "12.5\n13.1\n\u{2212}14.75\n")],
            ),
            ("1,5;2,25", vec![(Decimals, "1.5;2.25")]),
            // Decimal commas separated by spaces.
            ("12,5 13,1 14,7", vec![(Decimals, "12.5 13.1 14.7")]),
            // Thousands separators: either reading fits a comma before three digits…
            (
                "1,234 2,345 3,456",
                vec![
                    (Thousands, "1234 2345 3456"),
                    (Decimals, "1.234 2.345 3.456"),
                ],
            ),
            (
                "1,234\n2,345",
                vec![(Thousands, "1234\n2345"), (Decimals, "1.234\n2.345")],
            ),
            // …but two commas, or a decimal point after them, can only be thousands.
            ("1,234,567 2,000 999", vec![(Thousands, "1234567 2000 999")]),
            ("1,234.5; 2,000.25", vec![(Thousands, "1234.5; 2000.25")]),
            ("10, 20, 30", vec![]),
            ("10,20,30", vec![]),
            ("12,5", vec![]),
            ("12,5; 13; 14,7", vec![]),
            ("1,2,3; 4,5,6", vec![]),
            ("12.5; 13.1", vec![]),
            ("1234,567 1,000", vec![(Decimals, "1234.567 1.000")]),
        ] {
            let want: Vec<(Reading, String)> =
                want.into_iter().map(|(r, t)| (r, t.to_string())).collect();
            assert_eq!(offered(text), want, "{text:?}");
        }
        // Offered, not applied: the text still reads as six numbers until the person says so.
        assert_eq!(parse_sequence("12,5; 13,1; 14,7").unwrap().len(), 6);
        let (_, fixed) = &comma_readings("12,5; 13,1; 14,7")[0];
        assert_eq!(parse_sequence(fixed).unwrap(), vec![12.5, 13.1, 14.7]);
        let (_, thousands) = &comma_readings("1,234 2,345")[0];
        assert_eq!(parse_sequence(thousands).unwrap(), vec![1234.0, 2345.0]);
    }

    #[test]
    fn long_tokens_are_cut_in_messages() {
        let e = parse_sequence(&"x".repeat(10_000)).unwrap_err().to_string();
        assert!(e.len() < 80, "{e}");
    }
}
