//! Hybrid logical clock stamps: the order of changes across devices.
//!
//! A stamp is (wall-clock milliseconds, counter, device). It never goes
//! backwards on a device even when the wall clock does, and it moves past any
//! stamp the device has seen from elsewhere, so "later stamp wins" is a
//! consistent rule for merging field values during sync.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One hybrid-logical-clock reading, totally ordered by (wall, counter, device).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HlcStamp {
    pub wall_ms: u64,
    pub counter: u32,
    pub device: Uuid,
}

/// The latest wall time a stamp can carry: what its fixed-width text form
/// holds (twelve hex digits, the year 10889). Nothing legitimate comes close.
pub const MAX_WALL_MS: u64 = 0xffff_ffff_ffff;

/// The clock cannot move forward: it stands at [`MAX_WALL_MS`] with its
/// counter spent. Only a stamp forged at the end of time brings a device here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the logical clock cannot move past its last stamp")]
pub struct ClockExhausted;

impl HlcStamp {
    /// The first stamp a device issues at `now_ms`.
    pub fn genesis(device: Uuid, now_ms: u64) -> Self {
        Self { wall_ms: now_ms.min(MAX_WALL_MS), counter: 0, device }
    }

    /// The stamp for a new local event, given the last stamp this device issued
    /// or observed and the wall clock now.
    pub fn next_local(last: &Self, now_ms: u64) -> Result<Self, ClockExhausted> {
        let now_ms = now_ms.min(MAX_WALL_MS);
        if now_ms > last.wall_ms {
            Ok(Self { wall_ms: now_ms, counter: 0, device: last.device })
        } else {
            last.successor(last.wall_ms, last.counter)
        }
    }

    /// The device's clock after receiving `remote`: strictly after both the
    /// local clock and the remote stamp.
    pub fn observe(last: &Self, remote: &Self, now_ms: u64) -> Result<Self, ClockExhausted> {
        let wall_ms = now_ms.min(MAX_WALL_MS).max(last.wall_ms).max(remote.wall_ms);
        let counter = match (wall_ms == last.wall_ms, wall_ms == remote.wall_ms) {
            (true, true) => last.counter.max(remote.counter),
            (true, false) => last.counter,
            (false, true) => remote.counter,
            (false, false) => return Ok(Self { wall_ms, counter: 0, device: last.device }),
        };
        last.successor(wall_ms, counter)
    }

    /// The stamp just after (`wall_ms`, `counter`) on this device: the next
    /// counter, or the next millisecond when the counter is spent.
    fn successor(&self, wall_ms: u64, counter: u32) -> Result<Self, ClockExhausted> {
        match counter.checked_add(1) {
            Some(counter) => Ok(Self { wall_ms, counter, device: self.device }),
            None if wall_ms < MAX_WALL_MS => Ok(Self { wall_ms: wall_ms + 1, counter: 0, device: self.device }),
            None => Err(ClockExhausted),
        }
    }

    /// Whether this stamp's wall time is more than `tolerance_ms` after `now_ms`.
    pub fn is_ahead_of(&self, now_ms: u64, tolerance_ms: u64) -> bool {
        self.wall_ms > now_ms.saturating_add(tolerance_ms)
    }
}

/// Fixed-width hex so that the text form sorts exactly like the stamp does
/// (the store compares stamps as TEXT).
impl fmt::Display for HlcStamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:012x}-{:08x}-{}", self.wall_ms, self.counter, self.device.simple())
    }
}

/// A text that is not a stamp written by [`HlcStamp`]'s `Display`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a hybrid logical clock stamp")]
pub struct HlcParseError;

impl FromStr for HlcStamp {
    type Err = HlcParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.splitn(3, '-');
        let (Some(wall), Some(counter), Some(device)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(HlcParseError);
        };
        if wall.len() != 12 || counter.len() != 8 {
            return Err(HlcParseError);
        }
        Ok(Self {
            wall_ms: u64::from_str_radix(wall, 16).map_err(|_| HlcParseError)?,
            counter: u32::from_str_radix(counter, 16).map_err(|_| HlcParseError)?,
            device: Uuid::parse_str(device).map_err(|_| HlcParseError)?,
        })
    }
}

impl Serialize for HlcStamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for HlcStamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn local_stamps_increase_even_when_the_wall_clock_goes_back() {
        let a = HlcStamp::genesis(device(1), 1_000);
        let b = HlcStamp::next_local(&a, 900).unwrap();
        let c = HlcStamp::next_local(&b, 900).unwrap();
        let d = HlcStamp::next_local(&c, 2_000).unwrap();
        assert!(a < b && b < c && c < d);
        assert_eq!((b.wall_ms, b.counter), (1_000, 1));
        assert_eq!((d.wall_ms, d.counter), (2_000, 0));
    }

    #[test]
    fn observing_a_remote_stamp_moves_past_it() {
        let local = HlcStamp::genesis(device(1), 1_000);
        let remote = HlcStamp { wall_ms: 5_000, counter: 7, device: device(2) };
        let after = HlcStamp::observe(&local, &remote, 1_100).unwrap();
        assert!(after > remote && after > local);
        assert_eq!((after.wall_ms, after.counter, after.device), (5_000, 8, device(1)));
        let same_wall = HlcStamp::observe(&after, &remote, 5_000).unwrap();
        assert_eq!(same_wall.counter, 9);
        let wall_ahead = HlcStamp::observe(&after, &remote, 9_000).unwrap();
        assert_eq!((wall_ahead.wall_ms, wall_ahead.counter), (9_000, 0));
    }

    #[test]
    fn a_spent_counter_moves_to_the_next_millisecond_and_the_end_of_time_is_an_error() {
        let spent = HlcStamp { wall_ms: 1_000, counter: u32::MAX, device: device(1) };
        let next = HlcStamp::next_local(&spent, 10).unwrap();
        assert_eq!((next.wall_ms, next.counter), (1_001, 0));
        assert!(next > spent);
        let forged = HlcStamp { wall_ms: MAX_WALL_MS, counter: u32::MAX, device: device(2) };
        assert_eq!(HlcStamp::observe(&spent, &forged, 10), Err(ClockExhausted));
        let at_end = HlcStamp { wall_ms: MAX_WALL_MS, counter: u32::MAX, device: device(1) };
        assert_eq!(HlcStamp::next_local(&at_end, u64::MAX), Err(ClockExhausted));
        // A wall clock beyond what the text form holds is read as its end.
        let late = HlcStamp::next_local(&spent, u64::MAX).unwrap();
        assert_eq!(late.wall_ms, MAX_WALL_MS);
        assert_eq!(late.to_string().parse::<HlcStamp>(), Ok(late));
    }

    #[test]
    fn a_stamp_ahead_of_a_clock_by_more_than_the_tolerance() {
        let stamp = HlcStamp { wall_ms: 10_000, counter: 0, device: device(1) };
        assert!(!stamp.is_ahead_of(9_000, 1_000));
        assert!(stamp.is_ahead_of(8_999, 1_000));
        assert!(!stamp.is_ahead_of(u64::MAX, 1_000), "no overflow");
    }

    #[test]
    fn text_form_round_trips_and_sorts_like_the_stamp() {
        let stamps = [
            HlcStamp { wall_ms: 9, counter: 300, device: device(3) },
            HlcStamp { wall_ms: 10, counter: 0, device: device(1) },
            HlcStamp { wall_ms: 10, counter: 2, device: device(1) },
            HlcStamp { wall_ms: 10, counter: 2, device: device(2) },
        ];
        for pair in stamps.windows(2) {
            assert!(pair[0] < pair[1]);
            assert!(pair[0].to_string() < pair[1].to_string());
        }
        for stamp in stamps {
            assert_eq!(stamp.to_string().parse::<HlcStamp>(), Ok(stamp));
        }
        assert_eq!("nonsense".parse::<HlcStamp>(), Err(HlcParseError));
        assert_eq!("0-0-0".parse::<HlcStamp>(), Err(HlcParseError));
    }
}
