//! Calendar dates for waiver expiry and port sunsets: "is `YYYY-MM-DD`
//! before today (UTC)".
//! The calendar is chrono's (regorus builds it for Rego's `time`
//! built-ins, so it costs nothing); this type only holds the form a waiver
//! writes its expiry in to exactly `YYYY-MM-DD`, where chrono's parser
//! would also take `2023-1-1`.

use std::fmt;

use chrono::NaiveDate;

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        let shaped = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !shaped {
            return None;
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(Self)
    }

    /// Today in UTC, from the system clock.
    #[must_use]
    pub fn today() -> Self {
        Self(chrono::Utc::now().date_naive())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn parses_real_days_only() {
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2023-13-01"), None);
        assert_eq!(Date::parse("23-01-01"), None);
        assert_eq!(Date::parse("2023-1-011"), None);
        assert_eq!(Date::parse("2023-01-1 "), None);
        assert_eq!(Date::parse("+202-01-01"), None);
    }

    #[test]
    fn orders_by_day() {
        let d = |s| Date::parse(s).expect("date");
        assert!(d("2023-12-31") < d("2024-01-01"));
        assert!(d("2024-02-28") < d("2024-02-29"));
    }
}
