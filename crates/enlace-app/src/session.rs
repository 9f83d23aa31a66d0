//! Who is signed in at the window and whether the session is locked: the
//! rules the shell keeps a session by. Every command that acts asks
//! [`Session::actor`], which refuses a locked session and locks one idle
//! for longer than the pharmacy's setting, whatever the window did. Only
//! the person's own input ([`Session::touch`]) counts as activity: the
//! window's background requests (polls for sync, notices, the list) act
//! for the session without keeping it awake, so the idle lock fires.

use std::time::{Duration, Instant};

use enlace_domain::User;

use crate::access::Actor;
use crate::{AppError, ErrorCode};

/// A signed-in user's session.
#[derive(Debug, Clone)]
pub struct Session {
    user: User,
    locked: bool,
    last_activity: Instant,
}

/// What asking for the actor did to the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acting {
    /// The session acts for this user.
    As(Actor),
    /// It had been idle too long and is locked now (record the lock).
    LockedNow(Actor),
    /// It is locked.
    Locked,
}

impl Session {
    pub fn new(user: User, now: Instant) -> Self {
        Self { user, locked: false, last_activity: now }
    }

    pub fn user(&self) -> &User {
        &self.user
    }

    pub fn is_locked(&self) -> bool {
        self.locked
    }

    /// Who acts, locking the session first if it has been idle longer than `idle_limit`.
    pub fn actor(&mut self, now: Instant, idle_limit: Duration) -> Acting {
        if self.locked {
            return Acting::Locked;
        }
        if now.saturating_duration_since(self.last_activity) > idle_limit {
            self.locked = true;
            return Acting::LockedNow(Actor::user(&self.user));
        }
        Acting::As(Actor::user(&self.user))
    }

    /// The person's own keyboard or mouse input: the session is not idle.
    pub fn touch(&mut self, now: Instant, idle_limit: Duration) -> Acting {
        let acting = self.actor(now, idle_limit);
        if matches!(acting, Acting::As(_)) {
            self.last_activity = now;
        }
        acting
    }

    /// Locks at once; `true` when it was not locked yet (record the lock).
    pub fn lock(&mut self) -> bool {
        !std::mem::replace(&mut self.locked, true)
    }
}

impl Acting {
    /// The actor, or `sign-in-required` for a locked session.
    pub fn into_actor(self) -> Result<Actor, AppError> {
        match self {
            Acting::As(actor) => Ok(actor),
            Acting::LockedNow(_) | Acting::Locked => Err(AppError::new(ErrorCode::SignInRequired)),
        }
    }
}

#[cfg(test)]
mod tests {
    use enlace_domain::{Language, Role};
    use uuid::Uuid;

    use super::*;

    fn ana() -> User {
        User {
            id: Uuid::from_u128(1),
            username: "ana".into(),
            display_name: "Ana".into(),
            roles: vec![Role::Coordinator],
            languages: vec![Language::Spanish],
            ui_locale: Language::Spanish,
            active: true,
        }
    }

    #[test]
    fn background_requests_do_not_keep_a_session_awake_but_input_does() {
        let start = Instant::now();
        let limit = Duration::from_secs(60);
        let mut session = Session::new(ana(), start);
        // A poll every 10 seconds acts, but is no activity.
        for second in (10..=60).step_by(10) {
            assert!(matches!(session.actor(start + Duration::from_secs(second), limit), Acting::As(_)));
        }
        assert!(matches!(session.actor(start + Duration::from_secs(61), limit), Acting::LockedNow(_)));
        assert!(session.is_locked());
        assert_eq!(session.actor(start + Duration::from_secs(62), limit), Acting::Locked);

        let mut typing = Session::new(ana(), start);
        for second in (30..=300).step_by(30) {
            assert!(matches!(typing.touch(start + Duration::from_secs(second), limit), Acting::As(_)));
        }
        assert!(matches!(typing.actor(start + Duration::from_secs(330), limit), Acting::As(_)));
        assert!(typing.lock());
        assert!(!typing.lock(), "locked once");
        assert_eq!(
            typing.touch(start + Duration::from_secs(331), limit).into_actor().map_err(|error| error.code),
            Err(ErrorCode::SignInRequired)
        );
    }
}
